package dev.persona;

import dev.persona.internal.Check;
import java.util.UUID;

/**
 * What a regeneration would do with one lesson, and why: the answer to a dry run.
 *
 * @param lessonId the lesson
 * @param lessonNumber its position
 * @param title its title
 * @param action what would happen
 * @param reason why, in words, for example {@code survey or name changed}
 * @param adoptable whether the stored personalization was written before Persona (it has no
 *     fingerprint) and is complete and in the course's language, so {@link
 *     PersonalizationService#adopt} can keep it without a model call
 * @param estimatedPromptTokens for a lesson to generate in a dry run, its first attempt's prompt in
 *     tokens (about three characters a token); the answer adds at most the service's max output
 *     tokens. 0 otherwise
 */
public record PlannedLesson(UUID lessonId, int lessonNumber, String title, Action action, String reason,
    boolean adoptable, long estimatedPromptTokens) {

  /** What a regeneration would do with a lesson. */
  public enum Action {
    /** Call the model. */
    GENERATE,
    /** Keep what is stored. */
    KEEP,
    /** Nothing to personalize from. */
    SKIP
  }

  /**
   * Validates the plan line.
   *
   * @throws ValidationException if a value is missing
   */
  public PlannedLesson {
    Check.id(lessonId, "lessonId");
    Check.required(title, "title");
    Check.required(action, "action");
    Check.required(reason, "reason");
    if (estimatedPromptTokens < 0) {
      throw ValidationException.of("estimatedPromptTokens", "must not be negative");
    }
  }

  /**
   * A plan line without a token estimate.
   *
   * @param lessonId the lesson
   * @param lessonNumber its position
   * @param title its title
   * @param action what would happen
   * @param reason why
   * @param adoptable whether a legacy row can be adopted without a call
   */
  public PlannedLesson(UUID lessonId, int lessonNumber, String title, Action action, String reason,
      boolean adoptable) {
    this(lessonId, lessonNumber, title, action, reason, adoptable, 0);
  }

  /**
   * The same line with a prompt-size estimate.
   *
   * @param tokens the estimated prompt tokens of the first attempt (about three characters a token)
   * @return a new line
   */
  public PlannedLesson withEstimatedPromptTokens(long tokens) {
    return new PlannedLesson(lessonId, lessonNumber, title, action, reason, adoptable, tokens);
  }

  /**
   * A plan line for a lesson that is not adoptable.
   *
   * @param lessonId the lesson
   * @param lessonNumber its position
   * @param title its title
   * @param action what would happen
   * @param reason why
   */
  public PlannedLesson(UUID lessonId, int lessonNumber, String title, Action action, String reason) {
    this(lessonId, lessonNumber, title, action, reason, false);
  }
}
