package dev.persona.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A course run as every node sees it.
 *
 * @param runId the run
 * @param courseSlug the course
 * @param state where it stands
 * @param planned whether every learner has been scheduled (until then {@code learners} grows)
 * @param learners learners scheduled so far
 * @param done learners whose lessons are all up to date
 * @param failed learners with a lesson that failed
 * @param notSent learners with a lesson whose call was not sent (budget, circuit); they keep what they had
 * @param calls provider calls made
 * @param inputTokens prompt tokens
 * @param cachedTokens prompt tokens served from the provider's cache
 * @param outputTokens completion tokens
 * @param costMicros what the calls cost in micro-dollars (batch answers at batch prices), 0 when the
 *     model has no price
 * @param startedAt when the run was started
 * @param finishedAt when it ended, or {@code null}
 * @param batchRequests requests sent through the batch API (batch mode), included in the tokens and
 *     cost; {@code calls} counts every attempt, batch answers included
 */
public record RunStatus(UUID runId, String courseSlug, RunState state, boolean planned, long learners, long done,
    long failed, long notSent, long calls, long inputTokens, long cachedTokens, long outputTokens, long costMicros,
    Instant startedAt, @Nullable Instant finishedAt, long batchRequests) {

  /**
   * Learners without an outcome yet.
   *
   * @return learners scheduled minus those with an outcome
   */
  public long remaining() {
    return Math.max(0, learners - done - failed - notSent);
  }

  /**
   * The cost in US dollars.
   *
   * @return for example {@code 12.345678}
   */
  public double costUsd() {
    return costMicros / 1_000_000.0;
  }

  /**
   * How long the rest should take at the pace so far; empty before the first learner finishes,
   * while planning, or once the run ended.
   *
   * @param now the time now
   * @return the estimate
   */
  public Optional<Duration> estimatedTimeLeft(Instant now) {
    long finished = done + failed + notSent;
    if (state != RunState.RUNNING || !planned || finished == 0) {
      return Optional.empty();
    }
    Duration elapsed = Duration.between(startedAt, now);
    return Optional.of(Duration.ofMillis(elapsed.toMillis() * remaining() / finished));
  }
}
