package dev.persona;

import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one learner's jobs one after another (so two runs never race for the same learner's
 * personalizations), and admits at most {@code maxActive} background runs at once, so a course of
 * any size holds only that many learners' data in memory. Onboarding runs are not held back by
 * background ones.
 */
final class LearnerQueue {

  private final ConcurrentHashMap<UUID, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
  private final Executor executor;
  private final int maxActive;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int active;
  private @Nullable RuntimeException closed;

  LearnerQueue(Executor executor, int maxActive) {
    this.executor = executor;
    this.maxActive = maxActive;
  }

  /**
   * Runs {@code job} after every earlier job of the learner; a background job also waits for a
   * free slot.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // the chained futures complete `result`, which is returned
  <T> CompletableFuture<T> enqueue(UUID learner, boolean background, Supplier<CompletableFuture<T>> job) {
    CompletableFuture<T> result = new CompletableFuture<>();
    tails.compute(learner, (id, tail) -> {
      CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
      before.handle((x, e) -> null)
          .thenCompose(v -> background ? admit() : CompletableFuture.<Void>completedFuture(null))
          .thenComposeAsync(v -> {
            try {
              return job.get().whenComplete((r, e) -> {
                if (background) {
                  release();
                }
              });
            } catch (RuntimeException e) {
              if (background) {
                release();
              }
              return CompletableFuture.<T>failedFuture(e);
            }
          }, executor)
          .whenComplete((r, e) -> {
            if (e != null) {
              result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
              result.complete(r);
            }
          });
      return result;
    });
    result.whenComplete((r, e) -> tails.remove(learner, result));
    return result;
  }

  /** Fails every job still waiting for a slot; later jobs fail when they come up. */
  void close(RuntimeException reason) {
    ArrayDeque<CompletableFuture<Void>> refused;
    synchronized (this) {
      closed = reason;
      refused = new ArrayDeque<>(waiting);
      waiting.clear();
    }
    refused.forEach(f -> f.completeExceptionally(reason));
  }

  synchronized int waitingForSlot() {
    return waiting.size();
  }

  private CompletableFuture<Void> admit() {
    synchronized (this) {
      if (closed != null) {
        return CompletableFuture.failedFuture(closed);
      }
      if (active < maxActive) {
        active++;
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> slot = new CompletableFuture<>();
      waiting.addLast(slot);
      return slot;
    }
  }

  private void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        active--;
        return;
      }
    }
    // the slot passes to the next run; completing it starts that run's chain (on the executor)
    next.complete(null);
  }
}
