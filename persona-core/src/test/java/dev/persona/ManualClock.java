package dev.persona;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * An {@link EngineClock} whose time moves only when a test says so: scheduled tasks run, in order
 * of their due time, on the thread that calls {@link #advance}. Every delay ever scheduled is
 * recorded, so a test can assert exactly what the engine waited for.
 */
final class ManualClock implements EngineClock {

  private record Scheduled(long due, long seq, Duration delay, Runnable task, AtomicBoolean cancelled) {}

  private final PriorityQueue<Scheduled> pending = new PriorityQueue<>((a, b) ->
      a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final List<Duration> history = new ArrayList<>();
  private long now = 1_000_000_000L;
  private long seq;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    AtomicBoolean cancelled = new AtomicBoolean();
    pending.add(new Scheduled(now + Math.max(0, delay.toNanos()), seq++, delay, task, cancelled));
    history.add(delay);
    notifyAll();
    return () -> {
      synchronized (ManualClock.this) {
        cancelled.set(true);
        notifyAll();
      }
    };
  }

  /** Moves time forward, running every task that falls due, in order. */
  void advance(Duration by) {
    long target;
    synchronized (this) {
      target = now + by.toNanos();
    }
    while (true) {
      Scheduled next;
      synchronized (this) {
        next = pending.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        pending.poll();
        now = Math.max(now, next.due);
        if (next.cancelled.get()) {
          continue;
        }
      }
      next.task.run();
    }
  }

  /** Every delay scheduled so far, in order. */
  synchronized List<Duration> history() {
    return List.copyOf(history);
  }

  /** Delays of tasks still waiting to run. */
  synchronized List<Duration> pendingDelays() {
    List<Duration> out = new ArrayList<>();
    pending.stream().filter(s -> !s.cancelled.get()).sorted((a, b) -> Long.compare(a.seq, b.seq))
        .forEach(s -> out.add(s.delay));
    return out;
  }

  /** Waits (up to 10 s of real time, as a failsafe) until {@code n} pending tasks match. */
  synchronized void awaitPending(int n, Predicate<Duration> matching) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pending.stream().filter(s -> !s.cancelled.get() && matching.test(s.delay)).count() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + n + " pending task(s); pending: " + pendingDelays());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
