package dev.persona;

import java.time.Duration;

/**
 * Decides when the next provider call may start: a requests-per-minute (and optionally
 * tokens-per-minute) limit shared by every call a service makes, and the place where a provider's
 * "slow down" reaches every caller.
 *
 * <p>The engine asks {@link #tryAcquire} only when it has a call ready and a concurrency permit
 * free; a call that must wait holds neither a permit nor a thread, the engine simply asks again
 * after the returned wait. When the provider answers {@code RATE_LIMITED} with a retry-after, the
 * engine tells the gate through {@link #pause}, and the gate holds back every call, not only the
 * one that got the answer.
 *
 * <p>Implementations must be thread-safe and fast: {@link #tryAcquire} is called once per call
 * started. The default, {@link #perMinute(int, int)}, is an in-process token bucket; a gate shared
 * by several application nodes (for example on a database) implements the same three methods.
 */
public interface RateGate {

  /**
   * Asks to start one call now.
   *
   * @param estimatedTokens the call's estimated tokens (prompt plus the most it may write), for
   *     gates that also limit tokens
   * @return {@link Duration#ZERO} when the call may start (the call is counted), else how long to
   *     wait before asking again (nothing is counted)
   */
  Duration tryAcquire(long estimatedTokens);

  /**
   * The provider asked to wait: no call may start for {@code retryAfter} from now.
   *
   * @param retryAfter the provider's wait, positive
   */
  void pause(Duration retryAfter);

  /**
   * What a started call really used, so a token limit can correct its estimate. Optional.
   *
   * @param estimatedTokens what {@link #tryAcquire} was told
   * @param actualTokens what the provider reported (0 when it reported nothing)
   */
  default void settle(long estimatedTokens, long actualTokens) {}

  /**
   * No limit, but still paused by the provider's retry-after.
   *
   * @return a gate that only honours pauses
   */
  static RateGate unlimited() {
    return new TokenBucketRateGate(0, 0, 0, System::nanoTime);
  }

  /**
   * A smooth token bucket: {@code requestsPerMinute} calls a minute, refilled continuously, of
   * which up to {@code burst} may start at once after a quiet spell.
   *
   * @param requestsPerMinute calls a minute, positive
   * @param burst the bucket's size, from 1 to {@code requestsPerMinute}
   * @return the gate
   * @throws ValidationException if a value is out of range
   */
  static RateGate perMinute(int requestsPerMinute, int burst) {
    return perMinute(requestsPerMinute, burst, 0);
  }

  /**
   * A smooth token bucket for requests and one for tokens: at most {@code requestsPerMinute} calls
   * and {@code tokensPerMinute} estimated tokens a minute.
   *
   * @param requestsPerMinute calls a minute, positive
   * @param burst the request bucket's size, from 1 to {@code requestsPerMinute}
   * @param tokensPerMinute tokens a minute, 0 for no token limit
   * @return the gate
   * @throws ValidationException if a value is out of range
   */
  static RateGate perMinute(int requestsPerMinute, int burst, long tokensPerMinute) {
    if (requestsPerMinute < 1) {
      throw ValidationException.of("requestsPerMinute", "must be positive");
    }
    if (burst < 1 || burst > requestsPerMinute) {
      throw ValidationException.of("burst", "must be between 1 and requestsPerMinute");
    }
    if (tokensPerMinute < 0) {
      throw ValidationException.of("tokensPerMinute", "must not be negative");
    }
    return new TokenBucketRateGate(requestsPerMinute, burst, tokensPerMinute, System::nanoTime);
  }
}
