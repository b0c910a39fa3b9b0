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
}
