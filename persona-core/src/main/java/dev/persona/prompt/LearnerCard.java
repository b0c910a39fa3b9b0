package dev.persona.prompt;

import dev.persona.internal.Check;
import dev.persona.model.Language;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.model.SurveyVocabulary;
import dev.persona.model.SurveyVocabulary.Question;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A learner as a prompt shows them: codes turned into labels in the prompt's language, unknown
 * codes left out, free text kept as written, and no name when the name is missing or is an e-mail
 * address (the original system greeted learners by their e-mail).
 *
 * @param name the name to address the learner by, or {@code null}
 * @param motivation why they take the course
 * @param targetClients whom they want to work with, or {@code null}
 * @param skillsWanted what they want to learn, or {@code null}
 * @param fears what worries them
 * @param wowResult what would impress them, or {@code null}
 * @param practiceModel whom they practise on, or {@code null}
 * @param experience their prior experience, or {@code null}
 */
public record LearnerCard(
    @Nullable String name,
    List<String> motivation,
    @Nullable String targetClients,
    @Nullable String skillsWanted,
    List<String> fears,
    @Nullable String wowResult,
    @Nullable String practiceModel,
    @Nullable String experience) {

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

  /**
   * Copies the lists.
   *
   * @throws dev.persona.ValidationException if a list is missing
   */
  public LearnerCard {
    motivation = List.copyOf(Check.required(motivation, "motivation"));
    fears = List.copyOf(Check.required(fears, "fears"));
  }

  /**
   * The card of a learner.
   *
   * @param profile the learner
   * @param language the prompt's language
   * @return the card
   */
  public static LearnerCard of(Profile profile, Language language) {
    Check.required(profile, "profile");
    Check.required(language, "language");
    Survey s = profile.survey();
    List<String> motivation = display(Question.MOTIVATION, s.motivation(), language);
    s.extraText("motivation_other").ifPresent(motivation::add);
    List<String> fears = display(Question.FEARS, s.fears(), language);
    s.extraText("fears_other").ifPresent(fears::add);
    String practice = s.practiceModel() == null ? null
        : SurveyVocabulary.display(Question.PRACTICE_MODEL, s.practiceModel(), language).orElse(null);
    String experience = s.extraText("experience")
        .flatMap(e -> SurveyVocabulary.display(Question.EXPERIENCE, e, language))
        .orElse(null);
    return new LearnerCard(addressableName(profile.name()), motivation, s.targetClients(), s.skillsWanted(),
        fears, s.wowResult(), practice, experience);
  }

  /**
   * A name fit to address someone by: not blank and not an e-mail address.
   *
   * @param name the stored name
   * @return the name, or empty
   */
  public static Optional<String> addressable(@Nullable String name) {
    return Optional.ofNullable(addressableName(name));
  }

  /**
   * Whether text is an e-mail address.
   *
   * @param text the text
   * @return true for {@code someone@example.com}
   */
  public static boolean isEmail(String text) {
    Check.required(text, "text");
    return EMAIL.matcher(text.strip()).matches();
  }

  private static @Nullable String addressableName(@Nullable String name) {
    if (name == null || name.isBlank() || isEmail(name) || name.contains("@")) {
      return null;
    }
    return name.strip();
  }

  private static List<String> display(Question q, List<String> answers, Language language) {
    List<String> out = new ArrayList<>();
    for (String a : answers) {
      SurveyVocabulary.display(q, a, language).ifPresent(out::add);
    }
    return out;
  }
}
