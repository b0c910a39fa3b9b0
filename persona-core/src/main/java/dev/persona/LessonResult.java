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
    /**
     * No call was sent, and nothing changed: the provider's circuit is open after a quota or
     * authentication failure, the lesson failed moments ago and is not retried on demand yet, the
     * run was stopped, or the service closed. The reason says which; a later run tries again.
     */
    NOT_SENT,
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

  /** A lesson left as it was, with no call: kept, skipped, or refused before a call. */
  static LessonResult untouched(UUID profileId, Planner.Decision d, Outcome outcome, String reason) {
    return new LessonResult(profileId, d.lesson().id(), d.lesson().number(), outcome, reason, TokenUsage.ZERO, 0,
        d.old());
  }

  /** A lesson whose generation produced something to store (generated or degraded), not stored yet. */
  static LessonResult toStore(UUID profileId, Planner.Decision d, Outcome outcome, String reason,
      LessonGenerator.Attempt a, Personalization fresh) {
    return new LessonResult(profileId, d.lesson().id(), d.lesson().number(), outcome, reason, a.usage(),
        a.attempts(), fresh);
  }

  /** A lesson whose generation came to nothing: it keeps what was stored. */
  static LessonResult withoutContent(UUID profileId, Planner.Decision d, Outcome outcome, String reason,
      LessonGenerator.Attempt a) {
    return new LessonResult(profileId, d.lesson().id(), d.lesson().number(), outcome, reason, a.usage(),
        a.attempts(), d.old());
  }

  /** Whether this result still has to be written: its personalization is new and not stored yet. */
  boolean pendingWrite() {
    return (outcome == Outcome.GENERATED || outcome == Outcome.DEGRADED)
        && personalization != null && personalization.updatedAt() == null;
  }
}
