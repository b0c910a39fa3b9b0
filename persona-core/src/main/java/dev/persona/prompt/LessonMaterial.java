package dev.persona.prompt;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import org.jspecify.annotations.Nullable;

/**
 * A lesson's material as it goes into a prompt: the title, the summary and the transcript cut to
 * a budget. The same for every learner of the lesson, so it forms the shared prompt prefix.
 *
 * @param title the lesson title
 * @param summary the summary, or {@code null}
 * @param description the lesson's base description from its content's {@code template} (any of the
 *     original system's formats, as plain text), or {@code null}
 * @param transcript the transcript, possibly cut, or {@code null}
 * @param transcriptLength the full transcript's length in characters (0 when there is none)
 */
public record LessonMaterial(
    String title,
    @Nullable String summary,
    @Nullable String description,
    @Nullable String transcript,
    int transcriptLength) {

  /** The default transcript budget, in characters. */
  public static final int DEFAULT_BUDGET = 12_000;

  /**
   * Validates the material.
   *
   * @throws ValidationException if the title is blank
   */
  public LessonMaterial {
    Check.text(title, "title", 1000);
    if (transcriptLength < 0) {
      throw ValidationException.of("transcriptLength", "must not be negative");
    }
  }

  /**
   * The material of a lesson, with its transcript cut to at most {@code budget} characters. The cut
   * falls at the end of a sentence (or a word) inside the budget.
   *
   * @param lesson the lesson
   * @param budget the most transcript characters to keep, at least 500
   * @return the material
   */
  public static LessonMaterial of(Lesson lesson, int budget) {
    Check.required(lesson, "lesson");
    if (budget < 500) {
      throw ValidationException.of("budget", "must be at least 500 characters");
    }
    String full = lesson.transcript().map(String::strip).orElse(null);
    return new LessonMaterial(lesson.title(), lesson.summary(), description(lesson),
        full == null ? null : cut(full, budget), full == null ? 0 : full.length());
  }

  /**
   * Whether the transcript was cut.
   *
   * @return true when part of it is left out
   */
  public boolean truncated() {
    return transcript != null && transcript.length() < transcriptLength;
  }

  /**
   * Whether there is anything to personalize from besides the title.
   *
   * @return true when there is a summary, a description or a transcript
   */
  public boolean hasSubstance() {
    return summary != null || transcript != null || description != null;
  }

  private static @Nullable String description(Lesson lesson) {
    return lesson.content().get("template").filter(JsonValue::isObject).map(t -> {
      PersonalizedContent c = PersonalizedContent.read(t);
      StringBuilder b = new StringBuilder();
      for (String key : PersonalizedContent.KEYS) {
        String v = c.field(key).strip();
        if (!v.isEmpty()) {
          b.append(b.length() == 0 ? "" : "\n").append(v);
        }
      }
      return b.length() == 0 ? null : cut(b.toString(), 4000);
    }).orElse(null);
  }

  static String cut(String text, int budget) {
    if (text.length() <= budget) {
      return text;
    }
    int end = budget;
    // Never split a surrogate pair.
    if (Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    int sentence = Math.max(text.lastIndexOf(". ", end), Math.max(text.lastIndexOf("! ", end), text.lastIndexOf("? ", end)));
    if (sentence >= budget * 3 / 4) {
      return text.substring(0, sentence + 1);
    }
    int space = text.lastIndexOf(' ', end);
    return space >= budget / 2 ? text.substring(0, space) : text.substring(0, end);
  }
}
