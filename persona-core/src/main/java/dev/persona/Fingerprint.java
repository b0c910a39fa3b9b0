package dev.persona;

import dev.persona.internal.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * What a personalization was made from, in four parts, so that a change can be explained: the
 * prompt version, the model, a hash of the learner's data (name and survey) and a hash of the
 * lesson's material as it went into the prompt.
 *
 * <p>Stored as text: {@code p=<prompt>;m=<model>;s=<learner hash>;l=<lesson hash>}.
 *
 * @param promptVersion the prompt's version
 * @param model the model
 * @param learnerHash a hash of the learner's name and survey
 * @param lessonHash a hash of the lesson's material
 */
record Fingerprint(String promptVersion, String model, String learnerHash, String lessonHash) {

  /**
   * Validates the parts.
   *
   * @throws ValidationException if a part is blank or contains {@code ;}
   */
  Fingerprint {
    for (String[] part : new String[][] {{promptVersion, "promptVersion"}, {model, "model"},
        {learnerHash, "learnerHash"}, {lessonHash, "lessonHash"}}) {
      Check.text(part[0], "fingerprint." + part[1], 200);
      if (part[0].contains(";")) {
        throw ValidationException.of("fingerprint." + part[1], "must not contain ';'");
      }
    }
  }

  /**
   * The stored text.
   *
   * @return {@code p=...;m=...;s=...;l=...}
   */
  String asText() {
    return "p=" + promptVersion + ";m=" + model + ";s=" + learnerHash + ";l=" + lessonHash;
  }

  /**
   * Reads stored text.
   *
   * @param text a value of {@link #asText()}
   * @return the fingerprint
   * @throws ValidationException if the text is not a fingerprint
   */
  static Fingerprint parse(String text) {
    Check.required(text, "fingerprint");
    String[] parts = text.split(";", -1);
    if (parts.length != 4 || !parts[0].startsWith("p=") || !parts[1].startsWith("m=")
        || !parts[2].startsWith("s=") || !parts[3].startsWith("l=")) {
      throw ValidationException.of("fingerprint", "is not of the form p=..;m=..;s=..;l=..");
    }
    return new Fingerprint(parts[0].substring(2), parts[1].substring(2), parts[2].substring(2),
        parts[3].substring(2));
  }

  /**
   * What differs between a stored fingerprint and this one, in words.
   *
   * @param stored the older fingerprint
   * @return for example {@code [survey changed, model changed]}; empty when equal
   */
  List<String> changesSince(Fingerprint stored) {
    Check.required(stored, "stored");
    List<String> changes = new ArrayList<>();
    if (!promptVersion.equals(stored.promptVersion)) {
      changes.add("prompt changed (" + stored.promptVersion + " -> " + promptVersion + ")");
    }
    if (!model.equals(stored.model)) {
      changes.add("model changed (" + stored.model + " -> " + model + ")");
    }
    if (!learnerHash.equals(stored.learnerHash)) {
      changes.add("survey or name changed");
    }
    if (!lessonHash.equals(stored.lessonHash)) {
      changes.add("lesson material changed");
    }
    return changes;
  }
}
