package dev.persona;

import dev.persona.llm.LlmException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How the engine retries a provider call that failed with a retryable kind (rate limited, timeout,
 * unavailable). Other kinds (quota, authentication, context length, invalid request, content
 * filtered) are never retried.
 *
 * <p>The wait before retry {@code n} (from 0) is {@code min(maxBackoff, initialBackoff *
 * multiplier^n)}, spread by up to {@code ±jitter} of itself; when the provider says how long to
 * wait (retry-after), that wait is used instead, unless it exceeds {@code maxRetryAfter}, in which
 * case the call fails at once.
 *
 * @param maxRetries retries after the first try, 0 or more
 * @param initialBackoff the first wait
 * @param maxBackoff the longest computed wait
 * @param multiplier growth per retry, at least 1
 * @param jitter the random spread, from 0 to 1
 * @param maxRetryAfter the longest provider-requested wait the engine accepts
 */
public record RetryPolicy(
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter,
    Duration maxRetryAfter) {

  /**
   * Validates the policy.
   *
   * @throws ValidationException if a value is out of range
   */
  public RetryPolicy {
    if (maxRetries < 0 || maxRetries > 100) {
      throw ValidationException.of("maxRetries", "must be between 0 and 100");
    }
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    positive(maxRetryAfter, "maxRetryAfter");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw ValidationException.of("maxBackoff", "must not be shorter than initialBackoff");
    }
    if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
      throw ValidationException.of("multiplier", "must be between 1 and 10");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw ValidationException.of("jitter", "must be between 0 and 1");
    }
  }

  /**
   * Four retries, waiting 1 s, 2 s, 4 s, 8 s (±20%), at most 30 s; provider waits up to 2 minutes.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.2, Duration.ofMinutes(2));
  }

  /**
   * No retries at all.
   *
   * @return a policy that fails on the first error
   */
  public static RetryPolicy none() {
    return new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0, Duration.ofMillis(1));
  }

  /**
   * The computed wait before retry {@code retry}.
   *
   * @param retry the retry's index, from 0
   * @param random the source of jitter
   * @return the wait
   */
  public Duration backoff(int retry, RandomGenerator random) {
    if (random == null) {
      throw ValidationException.of("random", "is required");
    }
    double base = Math.min((double) maxBackoff.toNanos(),
        initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry)));
    double spread = jitter == 0.0 ? 0.0 : (random.nextDouble() * 2.0 - 1.0) * jitter;
    return Duration.ofNanos(Math.max(0L, (long) (base * (1.0 + spread))));
  }

  /** How long to wait before retrying a failed call, or {@code null} when it is not retried. */
  @Nullable Duration waitBeforeRetry(LlmException e, int retriesSoFar, RandomGenerator random) {
    if (!e.retryable() || retriesSoFar >= maxRetries) {
      return null;
    }
    Duration after = e.retryAfter().orElse(null);
    if (after == null) {
      return backoff(retriesSoFar, random);
    }
    return after.compareTo(maxRetryAfter) <= 0 ? after : null;
  }

  private static void positive(Duration d, String field) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw ValidationException.of(field, "must be positive");
    }
  }
}
