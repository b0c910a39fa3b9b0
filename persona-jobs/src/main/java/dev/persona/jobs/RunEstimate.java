package dev.persona.jobs;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a course run would do, before it starts.
 *
 * @param learners the course's learners
 * @param calls lessons that would be generated (one call each when the first answer is good)
 * @param promptTokens the estimated prompt tokens of those calls (about three characters a token)
 * @param maxOutputTokens the most completion tokens they may use (calls times the service's max)
 * @param costMicros the most the calls would cost in micro-dollars, or {@code null} without a price
 */
public record RunEstimate(long learners, long calls, long promptTokens, long maxOutputTokens,
    @Nullable Long costMicros) {

  /**
   * The cost bound in dollars.
   *
   * @return the bound, or empty without a price for the model
   */
  public Optional<Double> costUsd() {
    return Optional.ofNullable(costMicros).map(m -> m / 1_000_000.0);
  }
}
