package dev.persona;

import dev.persona.model.Language;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import java.util.Optional;

/**
 * What to store when generation fails for a lesson that has no personalization yet.
 *
 * <p>A fallback is stored {@link dev.persona.model.PersonalizationStatus#DEGRADED degraded}: it is
 * served, but never counts as done, and the next regeneration tries the model again. A fallback
 * never replaces an existing personalization; when one exists, it stays as it was.
 */
@FunctionalInterface
public interface FallbackPolicy {

  /**
   * The fallback content for a lesson.
   *
   * @param lesson the lesson
   * @param profile the learner
   * @param language the content's language
   * @return complete content, or empty to store nothing
   */
  Optional<PersonalizedContent> fallback(Lesson lesson, Profile profile, Language language);

  /**
   * No fallback: a failed lesson keeps whatever it had, or stays without a personalization. The
   * default.
   *
   * @return the policy
   */
  static FallbackPolicy none() {
    return (lesson, profile, language) -> Optional.empty();
  }

  /**
   * A plain, not personalized description built from the lesson's title and summary.
   *
   * @return the policy
   */
  static FallbackPolicy lessonSummary() {
    return Fallbacks::fromSummary;
  }
}
