package dev.persona.prompt;

import dev.persona.internal.Check;
import dev.persona.internal.Names;
import dev.persona.model.Language;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.model.SurveyVocabulary;
import dev.persona.model.SurveyVocabulary.Question;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A learner as a prompt shows them: codes turned into labels in the prompt's language (in every
 * question, lists and single answers alike), unknown codes left out, free text kept as written, and no name when the name is missing or is an e-mail
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
   * The card of a learner, with the {@linkplain SurveyVocabulary#standard() standard vocabulary}.
   *
   * @param profile the learner
   * @param language the prompt's language
   * @return the card
   */
  public static LearnerCard of(Profile profile, Language language) {
    return of(profile, language, SurveyVocabulary.standard());
  }

  /**
   * The card of a learner: every answer of every question goes through the vocabulary, so a code
   * becomes its label, the learner's own words stay as written, and an unknown code is left out.
   *
   * @param profile the learner
   * @param language the prompt's language
   * @param vocabulary the codes and labels
   * @return the card
   */
  public static LearnerCard of(Profile profile, Language language, SurveyVocabulary vocabulary) {
    Check.required(profile, "profile");
    Check.required(language, "language");
    Check.required(vocabulary, "vocabulary");
    Survey s = profile.survey();
    List<String> motivation = display(vocabulary, Question.MOTIVATION, s.motivation(), language);
    s.extraText("motivation_other").flatMap(t -> vocabulary.display(Question.MOTIVATION, t, language))
        .ifPresent(motivation::add);
    List<String> fears = display(vocabulary, Question.FEARS, s.fears(), language);
    s.extraText("fears_other").flatMap(t -> vocabulary.display(Question.FEARS, t, language)).ifPresent(fears::add);
    return new LearnerCard(Names.addressable(profile.name()), motivation,
        one(vocabulary, Question.TARGET_CLIENTS, s.targetClients(), language),
        one(vocabulary, Question.SKILLS_WANTED, s.skillsWanted(), language),
        fears,
        one(vocabulary, Question.WOW_RESULT, s.wowResult(), language),
        one(vocabulary, Question.PRACTICE_MODEL, s.practiceModel(), language),
        one(vocabulary, Question.EXPERIENCE, s.extraText("experience").orElse(null), language));
  }

  private static @Nullable String one(SurveyVocabulary v, Question q, @Nullable String answer, Language language) {
    return answer == null ? null : v.display(q, answer, language).orElse(null);
  }

  private static List<String> display(SurveyVocabulary v, Question q, List<String> answers, Language language) {
    List<String> out = new ArrayList<>();
    for (String a : answers) {
      v.display(q, a, language).ifPresent(out::add);
    }
    return out;
  }
}
