package dev.persona.jobs;

import org.jspecify.annotations.Nullable;

/**
 * How a course run goes.
 *
 * @param force regenerate every lesson, even up-to-date and edited ones
 * @param budget where the run stops, or {@code null} for no limit
 */
public record RunOptions(boolean force, @Nullable Budget budget) {

  /**
   * Regenerate what is stale, with no budget.
   *
   * @return the options
   */
  public static RunOptions defaults() {
    return new RunOptions(false, null);
  }

  /**
   * These options with a budget.
   *
   * @param budget the budget
   * @return new options
   */
  public RunOptions withBudget(Budget budget) {
    return new RunOptions(force, budget);
  }

  /**
   * These options, forcing.
   *
   * @return new options
   */
  public RunOptions forced() {
    return new RunOptions(true, budget);
  }
}
