package dev.persona;

import org.jspecify.annotations.Nullable;

/**
 * What the calls of one generation share: their class (which a more urgent caller can raise),
 * their learner (for fairness) and their run's guard.
 */
final class CallTicket {
  volatile CallPriority priority;
  final Object learner;
  final CallGuard guard;
  @Nullable CallTask queued; // guarded by the scheduler's lock

  CallTicket(CallPriority priority, Object learner, CallGuard guard) {
    this.priority = priority;
    this.learner = learner;
    this.guard = guard;
  }

  CallPriority priority() {
    return priority;
  }
}
