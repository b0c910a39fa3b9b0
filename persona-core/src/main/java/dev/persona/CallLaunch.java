package dev.persona;

import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** One launch of a task: its own state, so a late answer after a timeout is ignored. */
final class CallLaunch {
  static final int STARTING = 0;
  static final int RUNNING = 1;
  static final int OVER = 2;

  final AtomicInteger state = new AtomicInteger(STARTING);
  @Nullable FutureTask<Void> work;
  EngineClock.@Nullable Cancellable timer;
  boolean probe;
  volatile EngineObserver.CallObservation observation = EngineObserver.CallObservation.NONE;

  /** Stops the timer and interrupts the call, if they exist. */
  void cancel() {
    cancelTimer();
    FutureTask<Void> w = work;
    if (w != null) {
      w.cancel(true);
    }
  }

  void cancelTimer() {
    EngineClock.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
  }
}
