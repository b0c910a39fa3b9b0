package dev.persona.jobs;

/** Where a course run stands. */
public enum RunState {
  /** Learners are being planned or regenerated. */
  RUNNING,
  /** Every learner has an outcome. */
  DONE,
  /** Cancelled: no further learner starts; what finished is stored. */
  CANCELLED,
  /** The budget was reached: no further call starts; learners not fully done keep what they had. */
  BUDGET_REACHED
}
