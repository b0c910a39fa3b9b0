package dev.persona;

import java.util.function.IntSupplier;

/** The engine's state as an observer sees it: live, read at each look. */
final class EngineStateView implements EngineObserver.EngineState {

  private final CallScheduler scheduler;
  private final IntSupplier activeRuns;

  EngineStateView(CallScheduler scheduler, IntSupplier activeRuns) {
    this.scheduler = scheduler;
    this.activeRuns = activeRuns;
  }

  @Override
  public int queuedCalls() {
    return scheduler.queued();
  }

  @Override
  public int callsInFlight() {
    return scheduler.inFlight();
  }

  @Override
  public int maxConcurrency() {
    return scheduler.maxConcurrency();
  }

  @Override
  public boolean circuitOpen() {
    return scheduler.circuitState() == CircuitBreaker.State.OPEN;
  }

  @Override
  public int activeRuns() {
    return activeRuns.getAsInt();
  }
}
