package dev.persona;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The one bound on concurrent provider calls, and the optional requests-per-minute limit, shared
 * by everything a service runs.
 */
final class CallLimiter {

  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final Semaphore permits;
  private final int maxConcurrency;
  private final int requestsPerMinute;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ArrayDeque<Long> recentStarts = new ArrayDeque<>();

  CallLimiter(int maxConcurrency, int requestsPerMinute, LongSupplier nanoTime, Sleeper sleeper) {
    this.permits = new Semaphore(maxConcurrency, true);
    this.maxConcurrency = maxConcurrency;
    this.requestsPerMinute = requestsPerMinute;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Takes a concurrency permit and, with a rate limit, a slot in the last minute's window. */
  void acquire() throws InterruptedException {
    permits.acquire();
    try {
      awaitRateSlot();
    } catch (InterruptedException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  void release() {
    permits.release();
  }

  int maxConcurrency() {
    return maxConcurrency;
  }

  int inFlight() {
    return maxConcurrency - permits.availablePermits();
  }

  private void awaitRateSlot() throws InterruptedException {
    if (requestsPerMinute <= 0) {
      return;
    }
    while (true) {
      long wait;
      synchronized (recentStarts) {
        long now = nanoTime.getAsLong();
        while (!recentStarts.isEmpty() && now - recentStarts.peekFirst() >= MINUTE_NANOS) {
          recentStarts.pollFirst();
        }
        if (recentStarts.size() < requestsPerMinute) {
          recentStarts.addLast(now);
          return;
        }
        wait = MINUTE_NANOS - (now - recentStarts.peekFirst());
      }
      sleeper.sleep(Duration.ofNanos(Math.max(1, wait)));
    }
  }
}
