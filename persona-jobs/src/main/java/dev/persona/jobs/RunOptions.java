package dev.persona.jobs;

import org.jspecify.annotations.Nullable;

/**
 * How a course run goes.
 *
 * @param force regenerate every lesson, even up-to-date and edited ones
 * @param budget where the run stops, or {@code null} for no limit
 * @param batch send first attempts through the provider's batch API (cheaper, answered within
 *     hours); needs {@link CourseRuns.Builder#batchProvider}
 */
public record RunOptions(boolean force, @Nullable Budget budget, boolean batch) {

  /**
   * Options without batch mode.
   *
   * @param force regenerate every lesson
   * @param budget where the run stops, or {@code null}
   */
  public RunOptions(boolean force, @Nullable Budget budget) {
    this(force, budget, false);
  }

  /**
   * Regenerate what is stale, with no budget.
   *
   * @return the options
   */
  public static RunOptions defaults() {
    return new RunOptions(false, null, false);
  }

  /**
   * These options with a budget.
   *
   * @param budget the budget
   * @return new options
   */
  public RunOptions withBudget(Budget budget) {
    return new RunOptions(force, budget, batch);
  }

  /**
   * These options in batch mode.
   *
   * @return new options
   */
  public RunOptions inBatches() {
    return new RunOptions(force, budget, true);
  }

  /**
   * These options, forcing.
   *
   * @return new options
   */
  public RunOptions forced() {
    return new RunOptions(true, budget, batch);
  }
}
