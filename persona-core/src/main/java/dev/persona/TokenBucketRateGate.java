package dev.persona;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The default {@link RateGate}: smooth token buckets for requests and, optionally, tokens, refilled
 * continuously, plus a pause that a provider's retry-after sets for every caller.
 */
final class TokenBucketRateGate implements RateGate {

  private static final double NANOS_PER_MINUTE = 60e9;

  private final double requestsPerNano;
  private final double requestCapacity;
  private final double tokensPerNano;
  private final double tokenCapacity;
  private final LongSupplier nanoTime;

  private double requests;
  private double tokens;
  private long refilledAt;
  private long pausedUntil;

  /**
   * @param requestsPerMinute 0 for no request limit
   * @param burst the request bucket's size
   * @param tokensPerMinute 0 for no token limit; the token bucket holds one minute's worth
   */
  TokenBucketRateGate(int requestsPerMinute, int burst, long tokensPerMinute, LongSupplier nanoTime) {
    this.requestsPerNano = requestsPerMinute / NANOS_PER_MINUTE;
    this.requestCapacity = burst;
    this.tokensPerNano = tokensPerMinute / NANOS_PER_MINUTE;
    this.tokenCapacity = tokensPerMinute;
    this.nanoTime = nanoTime;
    this.requests = burst;
    this.tokens = tokensPerMinute;
    this.refilledAt = nanoTime.getAsLong();
    this.pausedUntil = refilledAt;
  }

  @Override
  public synchronized Duration tryAcquire(long estimatedTokens) {
    long now = nanoTime.getAsLong();
    refill(now);
    if (now - pausedUntil < 0) {
      return Duration.ofNanos(pausedUntil - now);
    }
    long wait = 0;
    if (requestsPerNano > 0 && requests < 1.0) {
      wait = Math.max(wait, (long) Math.ceil((1.0 - requests) / requestsPerNano));
    }
    // A call larger than the whole bucket may start once the bucket is full, going into debt.
    double needed = Math.min((double) estimatedTokens, tokenCapacity);
    if (tokensPerNano > 0 && tokens < needed) {
      wait = Math.max(wait, (long) Math.ceil((needed - tokens) / tokensPerNano));
    }
    if (wait > 0) {
      return Duration.ofNanos(wait);
    }
    if (requestsPerNano > 0) {
      requests -= 1.0;
    }
    if (tokensPerNano > 0) {
      tokens -= estimatedTokens;
    }
    return Duration.ZERO;
  }

  @Override
  public synchronized void pause(Duration retryAfter) {
    long until = nanoTime.getAsLong() + Math.max(0, retryAfter.toNanos());
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  @Override
  public synchronized void settle(long estimatedTokens, long actualTokens) {
    if (tokensPerNano > 0 && actualTokens > 0) {
      tokens = Math.min(tokenCapacity, tokens + estimatedTokens - actualTokens);
    }
  }

  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed <= 0) {
      return;
    }
    refilledAt = now;
    if (requestsPerNano > 0) {
      requests = Math.min(requestCapacity, requests + elapsed * requestsPerNano);
    }
    if (tokensPerNano > 0) {
      tokens = Math.min(tokenCapacity, tokens + elapsed * tokensPerNano);
    }
  }

  @Override
  public String toString() {
    return "RateGate[" + Math.round(requestsPerNano * NANOS_PER_MINUTE) + " requests/min, burst "
        + Math.round(requestCapacity) + (tokensPerNano > 0 ? ", " + Math.round(tokenCapacity) + " tokens/min" : "")
        + "]";
  }
}
