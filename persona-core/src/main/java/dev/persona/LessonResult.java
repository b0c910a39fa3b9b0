package dev.persona;

import dev.persona.internal.Check;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Personalization;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one lesson of one learner.
 *
 * @param profileId the learner's profile
 * @param lessonId the lesson
 * @param lessonNumber the lesson's position
 * @param outcome what happened
 * @param reason why, in words (for example {@code survey or name changed}, or the failure's kind);
 *     never survey or content text
 * @param usage tokens spent on this lesson
 * @param attempts provider answers requested, counting re-asks (0 when none was needed)
 * @param personalization what is stored for the lesson now, or {@code null} when nothing is
 */
public record LessonResult(
    UUID profileId,
    UUID lessonId,
    int lessonNumber,
    Outcome outcome,
    String reason,
    TokenUsage usage,
    int attempts,
    @Nullable Personalization personalization) {

  /** What happened to a lesson. */
  public enum Outcome {
    /** New content was generated and stored. */
    GENERATED,
    /** The stored content was made from the same prompt, model, survey and lesson: kept. */
    UNCHANGED,
    /** The stored content was edited by the host: kept (force regeneration to replace it). */
    KEPT_EDITED,
    /** Generation failed and a fallback was stored as degraded; it is retried next time. */
    DEGRADED,
    /** Nothing to personalize from (no lesson material or no survey answers); nothing changed. */
    SKIPPED,
    /** Generation or storing failed; whatever was stored before stays as it was. */
    FAILED
  }

  /**
   * Validates the result.
   *
   * @throws ValidationException if a required value is missing
   */
  public LessonResult {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    Check.required(outcome, "outcome");
    Check.required(reason, "reason");
    Check.required(usage, "usage");
  }

  /**
   * The stored personalization, if any.
   *
   * @return the personalization or empty
   */
  public Optional<Personalization> findPersonalization() {
    return Optional.ofNullable(personalization);
  }

  LessonResult withOutcome(Outcome newOutcome, String newReason, @Nullable Personalization stored) {
    return new LessonResult(profileId, lessonId, lessonNumber, newOutcome, newReason, usage, attempts, stored);
  }
}
