package dev.persona;

import dev.persona.llm.LlmException;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmResponse;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one launched call on the executor and cuts it off at exactly its request's timeout; whatever
 * comes first (the answer, the failure, the timeout) is reported once to the scheduler.
 */
final class CallRunner {

  /** What the scheduler does with a launch's end. */
  interface Outcomes {
    void answered(CallTask t, CallLaunch launch, LlmResponse response);

    void failed(CallTask t, CallLaunch launch, RuntimeException failure);

    /** The executor refused the call: it was never sent. */
    void notLaunched(CallTask t, CallLaunch launch);
  }

  private final LlmProvider provider;
  private final EngineClock clock;
  private final Executor executor;
  private final Observers observers;
  private final String model;
  private final Outcomes outcomes;

  CallRunner(LlmProvider provider, EngineClock clock, Executor executor, Observers observers, String model,
      Outcomes outcomes) {
    this.provider = provider;
    this.clock = clock;
    this.executor = executor;
    this.observers = observers;
    this.model = model;
    this.outcomes = outcomes;
  }

  void launch(CallTask t, CallLaunch launch) {
    FutureTask<Void> work = new FutureTask<>(() -> run(t, launch), null);
    launch.work = work;
    try {
      launch.timer = clock.schedule(t.request.timeout(), () -> timedOut(t, launch));
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      if (launch.state.getAndSet(CallLaunch.OVER) != CallLaunch.OVER) {
        launch.cancel();
        outcomes.notLaunched(t, launch);
      }
    }
  }

  private void run(CallTask t, CallLaunch launch) {
    if (!launch.state.compareAndSet(CallLaunch.STARTING, CallLaunch.RUNNING)) {
      return;
    }
    launch.observation = observers.callStarting(model, t.ticket.priority, t.estimatedTokens);
    LlmResponse response = null;
    RuntimeException failure = null;
    try {
      response = provider.complete(t.request);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (!launch.state.compareAndSet(CallLaunch.RUNNING, CallLaunch.OVER)) {
      Thread.interrupted(); // a timeout or close interrupted us after the answer; do not leak it
      return;
    }
    launch.cancelTimer();
    if (response != null) {
      outcomes.answered(t, launch, response);
    } else {
      outcomes.failed(t, launch, failure != null ? failure
          : new LlmException(LlmException.Kind.INVALID_REQUEST, "the provider returned null"));
    }
  }

  private void timedOut(CallTask t, CallLaunch launch) {
    if (launch.state.getAndSet(CallLaunch.OVER) == CallLaunch.OVER) {
      return;
    }
    FutureTask<Void> work = launch.work;
    if (work != null) {
      work.cancel(true);
    }
    outcomes.failed(t, launch, new LlmException(LlmException.Kind.TIMEOUT,
        "no answer within " + t.request.timeout().toMillis() + " ms", null, null));
  }
}
