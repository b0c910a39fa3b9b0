package dev.persona;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The queue of calls ready to start: strict priority between classes, first-queued-first inside
 * the interactive and onboarding classes, and round-robin across learners in the background class
 * (so one learner's twelve lessons do not hold back another learner's first). Not thread-safe: the
 * scheduler guards it.
 */
final class CallQueue<T extends CallQueue.Entry> {

  /** What the queue needs to know about an entry. */
  interface Entry {
    CallPriority priority();

    /** Whose work this is; background entries take turns by this key. */
    Object learner();

    /** When the entry was first queued; a retried entry keeps its place. */
    long sequence();
  }

  private static final Comparator<Entry> BY_SEQUENCE = Comparator.comparingLong(Entry::sequence);

  private final PriorityQueue<T> interactive = new PriorityQueue<>(BY_SEQUENCE);
  private final PriorityQueue<T> onboarding = new PriorityQueue<>(BY_SEQUENCE);
  private final Map<Object, PriorityQueue<T>> byLearner = new HashMap<>();
  private final ArrayDeque<Object> turns = new ArrayDeque<>();
  private int size;

  private PriorityQueue<T> fifo(CallPriority p) {
    return p == CallPriority.INTERACTIVE ? interactive : onboarding;
  }

  void add(T entry) {
    if (entry.priority() == CallPriority.BACKGROUND) {
      PriorityQueue<T> q = byLearner.get(entry.learner());
      if (q == null) {
        q = new PriorityQueue<>(BY_SEQUENCE);
        byLearner.put(entry.learner(), q);
        turns.addLast(entry.learner());
      }
      q.add(entry);
    } else {
      fifo(entry.priority()).add(entry);
    }
    size++;
  }

  @Nullable T peek() {
    T head = interactive.peek();
    if (head == null) {
      head = onboarding.peek();
    }
    if (head == null) {
      Object learner = turns.peekFirst();
      PriorityQueue<T> q = learner == null ? null : byLearner.get(learner);
      head = q == null ? null : q.peek();
    }
    return head;
  }

  @Nullable T poll() {
    T first = interactive.poll();
    if (first == null) {
      first = onboarding.poll();
    }
    if (first != null) {
      size--;
      return first;
    }
    Object learner = turns.pollFirst();
    PriorityQueue<T> q = learner == null ? null : byLearner.get(learner);
    if (q == null) {
      return null;
    }
    T head = q.poll();
    if (q.isEmpty()) {
      byLearner.remove(learner);
    } else {
      turns.addLast(learner);
    }
    size--;
    return head;
  }

  /** Removes an entry queued under {@code priority}; false if it is not there. */
  boolean remove(T entry, CallPriority priority) {
    boolean removed;
    if (priority == CallPriority.BACKGROUND) {
      PriorityQueue<T> q = byLearner.get(entry.learner());
      removed = q != null && q.remove(entry);
      if (removed && q != null && q.isEmpty()) {
        byLearner.remove(entry.learner());
        turns.remove(entry.learner());
      }
    } else {
      removed = fifo(priority).remove(entry);
    }
    if (removed) {
      size--;
    }
    return removed;
  }

  List<T> drain() {
    List<T> all = new ArrayList<>(size);
    for (T t = poll(); t != null; t = poll()) {
      all.add(t);
    }
    return all;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
