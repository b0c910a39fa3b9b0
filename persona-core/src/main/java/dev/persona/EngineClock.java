package dev.persona;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The engine's sense of time: a monotonic clock and a timer. Every wait the engine makes (backoff,
 * retry-after, rate-gate pauses, call timeouts, circuit cool-downs) is a task on this timer, so no
 * waiting call holds a thread or a concurrency permit, and tests drive time by hand.
 */
interface EngineClock {

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }

  long nanoTime();

  /** Runs {@code task} once {@code delay} has passed; a zero or negative delay runs it soon. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Releases the timer's thread, if it has one. */
  default void shutdown() {}

  /** The system clock, with one daemon timer thread. */
  static EngineClock system() {
    return new SystemClock();
  }

  final class SystemClock implements EngineClock {
    private final ScheduledThreadPoolExecutor timer;

    SystemClock() {
      timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "persona-timer");
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
      timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }

    @Override
    public void shutdown() {
      timer.shutdownNow();
    }
  }
}
