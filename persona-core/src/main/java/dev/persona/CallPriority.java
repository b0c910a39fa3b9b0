package dev.persona;

/**
 * The classes of provider calls, most urgent first. A call of a class starts before any queued
 * call of a later class; inside a class calls start in the order they were first queued, and
 * background calls take turns across learners.
 */
enum CallPriority {
  /** A learner is waiting for this lesson now: {@code personalizeLesson}, a submission's first lesson. */
  INTERACTIVE,
  /** The rest of a new learner's survey submission. */
  ONBOARDING,
  /** Regenerations and course runs. */
  BACKGROUND;

  boolean before(CallPriority other) {
    return compareTo(other) < 0;
  }
}
