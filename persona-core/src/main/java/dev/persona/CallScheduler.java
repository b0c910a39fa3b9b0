package dev.persona;

import dev.persona.llm.LlmException;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every provider call a service makes goes through here. The scheduler
 *
 * <ul>
 *   <li>starts calls by {@link CallPriority} (interactive before onboarding before background;
 *       background takes turns across learners), at most {@code maxConcurrency} at once;
 *   <li>asks the {@link RateGate} before each start, and when the gate says wait, sets a timer
 *       instead of holding a permit or a thread;
 *   <li>retries retryable failures after their backoff or retry-after, again on a timer, and
 *       pauses the gate for everyone when the provider rate-limits with a retry-after;
 *   <li>opens the account-wide {@link CircuitBreaker} on quota and authentication failures, failing
 *       queued and new calls at once;
 *   <li>cuts a call off at exactly its request's timeout.
 * </ul>
 *
 * <p>Calls are blocking ({@link LlmProvider#complete}), so a running call occupies one thread of
 * the executor; nothing else does.
 */
final class CallScheduler implements CallRunner.Outcomes {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");

  private final CallRunner runner;
  private final int maxConcurrency;
  private final RetryPolicy retryPolicy;
  private final RateGate gate;
  private final EngineClock clock;
  private final RandomGenerator random;

  private final Object lock = new Object();
  private final CallQueue<CallTask> queue = new CallQueue<>();
  private final CircuitBreaker circuit;
  private final Set<CallTask> live = new HashSet<>();
  private long sequence;
  private int running;
  private boolean dispatching;
  private boolean terminated;
  private long wakeAt;
  private boolean wakeScheduled;

  CallScheduler(LlmProvider provider, int maxConcurrency, RetryPolicy retryPolicy, RateGate gate,
      Duration circuitCoolDown, EngineClock clock, Executor executor, RandomGenerator random, Observers observers,
      String model) {
    this.runner = new CallRunner(provider, clock, executor, observers, model, this);
    this.maxConcurrency = maxConcurrency;
    this.retryPolicy = retryPolicy;
    this.gate = gate;
    this.circuit = new CircuitBreaker(circuitCoolDown);
    this.clock = clock;
    this.random = random;
  }

  /**
   * Queues a call.
   *
   * @return the answer; or fails with the provider's {@link LlmException} once retries are spent
   *     or the failure is not retryable, or with {@link CallNotSentException} when the call was
   *     refused (circuit open, run stopped, service closed)
   */
  CompletableFuture<LlmResponse> submit(LlmRequest request, CallTicket ticket) {
    CallTask t;
    CallNotSentException refusal;
    synchronized (lock) {
      t = new CallTask(request, ticket, sequence++);
      refusal = refusalFor(t);
      if (refusal == null) {
        live.add(t);
        enqueue(t);
      }
    }
    if (refusal != null) {
      t.result.completeExceptionally(refusal);
      return t.result;
    }
    dispatch();
    return t.result;
  }

  /** Raises the class of a ticket's calls, including one already queued. */
  void promote(CallTicket ticket, CallPriority priority) {
    synchronized (lock) {
      CallPriority old = ticket.priority;
      if (!priority.before(old)) {
        return;
      }
      CallTask queued = ticket.queued;
      if (queued != null && queue.remove(queued, old)) {
        ticket.priority = priority;
        queue.add(queued);
      } else {
        ticket.priority = priority;
      }
    }
    dispatch();
  }

  /**
   * Fails every call that has not finished, interrupting those running: the end of a close.
   * Further submissions are refused.
   */
  void terminate() {
    List<CallTask> all;
    synchronized (lock) {
      terminated = true;
      queue.drain();
      all = new ArrayList<>(live);
      live.clear();
    }
    for (CallTask t : all) {
      CallLaunch l = t.launch;
      if (l != null && l.state.getAndSet(CallLaunch.OVER) != CallLaunch.OVER) {
        l.cancel();
      }
      EngineClock.Cancellable retry = t.retryTimer;
      if (retry != null) {
        retry.cancel();
      }
      t.result.completeExceptionally(new CallNotSentException("not sent: the service closed", true));
    }
  }

  int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }

  int inFlight() {
    synchronized (lock) {
      return running;
    }
  }

  int maxConcurrency() {
    return maxConcurrency;
  }

  CircuitBreaker.State circuitState() {
    synchronized (lock) {
      return circuit.state(clock.nanoTime());
    }
  }

  // ---------------------------------------------------------------- dispatch

  /** Starts queued calls while permits, the gate and the circuit allow; one thread at a time. */
  private void dispatch() {
    synchronized (lock) {
      if (dispatching) {
        return;
      }
      dispatching = true;
    }
    List<CallTask> refused = new ArrayList<>();
    List<CallNotSentException> reasons = new ArrayList<>();
    try {
      while (true) {
        CallTask head;
        synchronized (lock) {
          head = nextStartable(refused, reasons);
          if (head == null) {
            dispatching = false;
            break;
          }
        }
        Duration wait = gate.tryAcquire(head.estimatedTokens);
        CallTask t;
        CallLaunch launch = new CallLaunch();
        synchronized (lock) {
          if (!wait.isZero() && !wait.isNegative()) {
            wakeUpIn(wait);
            dispatching = false;
            break;
          }
          t = queue.poll();
          if (t == null) {
            continue; // the queue was drained meanwhile (closing); the gate's count is lost, harmlessly
          }
          t.ticket.queued = null;
          running++;
          launch.probe = circuit.starting(clock.nanoTime());
          t.launch = launch;
        }
        runner.launch(t, launch);
      }
    } catch (RuntimeException e) {
      // most likely a shared rate gate that cannot reach its database: try again in a second
      synchronized (lock) {
        dispatching = false;
        if (!terminated) {
          wakeUpIn(Duration.ofSeconds(1));
        }
      }
      LOG.warn("the rate gate failed ({}); queued calls wait and the gate is asked again in 1 s",
          e.getClass().getName());
    } finally {
      for (int i = 0; i < refused.size(); i++) {
        refused.get(i).result.completeExceptionally(reasons.get(i));
      }
    }
  }

  /** Under the lock: the next task that may start, after dropping the ones that must be refused. */
  private @Nullable CallTask nextStartable(List<CallTask> refused, List<CallNotSentException> reasons) {
    long now = clock.nanoTime();
    while (true) {
      if (terminated || running >= maxConcurrency || queue.isEmpty()) {
        return null;
      }
      if (circuit.refuses(now)) {
        CallNotSentException reason = new CallNotSentException(circuit.reason(now), false);
        for (CallTask t : queue.drain()) {
          forget(t);
          refused.add(t);
          reasons.add(reason);
        }
        return null;
      }
      if (!circuit.admits(now)) {
        return null; // a probe is out; the others wait for its answer
      }
      CallTask head = queue.peek();
      if (head == null) {
        return null;
      }
      String refusal = head.ticket.guard.refusal();
      if (refusal == null) {
        return head;
      }
      queue.poll();
      forget(head);
      refused.add(head);
      reasons.add(new CallNotSentException(refusal, true));
    }
  }

  private void wakeUpIn(Duration wait) {
    long at = clock.nanoTime() + wait.toNanos();
    if (wakeScheduled && at - wakeAt >= 0) {
      return;
    }
    wakeScheduled = true;
    wakeAt = at;
    try {
      clock.schedule(wait, () -> {
        synchronized (lock) {
          if (wakeAt == at) {
            wakeScheduled = false;
          }
        }
        dispatch();
      });
    } catch (RejectedExecutionException closing) {
      wakeScheduled = false;
    }
  }

  @Override
  public void notLaunched(CallTask t, CallLaunch launch) {
    synchronized (lock) {
      running--;
      forget(t);
      circuit.probeInconclusive(launch.probe);
    }
    t.result.completeExceptionally(new CallNotSentException("not sent: the executor refused the call", true));
  }

  @Override
  public void answered(CallTask t, CallLaunch launch, LlmResponse response) {
    synchronized (lock) {
      running--;
      forget(t);
      circuit.answered(launch.probe);
    }
    Observers.answered(launch.observation, response.model(), response.usage(), response.finishReason());
    gate.settle(t.estimatedTokens, response.usage().totalTokens());
    t.ticket.guard.spent(response.usage());
    dispatch(); // the next call starts before this answer is checked and stored
    t.result.complete(response);
  }

  @Override
  public void failed(CallTask t, CallLaunch launch, RuntimeException failure) {
    LlmException e = failure instanceof LlmException le ? le
        // a provider bug, not a provider answer: not retried, and its message is not repeated
        : new LlmException(LlmException.Kind.INVALID_REQUEST, "the provider threw " + failure.getClass().getName(),
            null, failure);
    Observers.failed(launch.observation, e.kind());
    long now = clock.nanoTime();
    List<CallTask> refused = List.of();
    String reason = "";
    Duration wait = null;
    synchronized (lock) {
      running--;
      if (CircuitBreaker.trips(e.kind())) {
        circuit.trip(e.kind(), now);
        reason = circuit.reason(now);
        refused = queue.drain();
        refused.forEach(this::forget);
        LOG.warn("provider answered {}: every call is refused for the circuit's cool-down; {} queued call(s) not sent",
            e.kind(), refused.size());
      } else {
        circuit.probeInconclusive(launch.probe);
      }
      if (!terminated) {
        wait = retryPolicy.waitBeforeRetry(e, t.retries, random);
      }
      if (wait == null) {
        forget(t);
      } else {
        t.retries++;
      }
    }
    for (CallTask r : refused) {
      r.result.completeExceptionally(new CallNotSentException(reason, false));
    }
    if (wait != null) {
      if (e.kind() == LlmException.Kind.RATE_LIMITED && e.retryAfter().isPresent()) {
        gate.pause(wait);
      }
      LOG.debug("provider call failed with {}; retry {} of {} in {} ms", e.kind(), t.retries,
          retryPolicy.maxRetries(), wait.toMillis());
      CallTask retry = t;
      try {
        t.retryTimer = clock.schedule(wait, () -> requeue(retry));
      } catch (RejectedExecutionException closing) {
        synchronized (lock) {
          forget(t);
        }
        t.result.completeExceptionally(new CallNotSentException("not sent: the service closed", true));
      }
    } else {
      t.result.completeExceptionally(e);
    }
    dispatch();
  }

  private void requeue(CallTask t) {
    CallNotSentException refusal;
    synchronized (lock) {
      t.retryTimer = null;
      if (t.result.isDone()) {
        return;
      }
      refusal = refusalFor(t);
      if (refusal == null) {
        enqueue(t);
      } else {
        forget(t);
      }
    }
    if (refusal != null) {
      t.result.completeExceptionally(refusal);
      return;
    }
    dispatch();
  }

  /** Under the lock: why a call must be refused before it is queued, or {@code null}. */
  private @Nullable CallNotSentException refusalFor(CallTask t) {
    if (terminated) {
      return new CallNotSentException("not sent: the service closed", true);
    }
    long now = clock.nanoTime();
    if (circuit.refuses(now)) {
      return new CallNotSentException(circuit.reason(now), false);
    }
    String refusal = t.ticket.guard.refusal();
    return refusal == null ? null : new CallNotSentException(refusal, true);
  }

  private void enqueue(CallTask t) {
    t.ticket.queued = t;
    queue.add(t);
  }

  private void forget(CallTask t) {
    live.remove(t);
    if (t.ticket.queued == t) {
      t.ticket.queued = null;
    }
  }
}
