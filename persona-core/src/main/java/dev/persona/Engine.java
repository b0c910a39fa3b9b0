package dev.persona;

import dev.persona.internal.Check;
import dev.persona.llm.LlmProvider;
import dev.persona.prompt.ContentRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The machinery a service is built from, made from the builder's settings, and its shutdown. */
final class Engine {

  final String modelId;
  final ContentRules rules;
  final EngineClock clock;
  final CallScheduler scheduler;
  final LessonGenerator generator;
  final Executor runExecutor;
  final Duration closeTimeout;
  final Observers observers;
  private final List<ExecutorService> owned;
  private final boolean ownsClock;

  private Engine(String modelId, ContentRules rules, EngineClock clock, boolean ownsClock, CallScheduler scheduler,
      LessonGenerator generator, Executor runExecutor, Duration closeTimeout, List<ExecutorService> owned,
      Observers observers) {
    this.observers = observers;
    this.modelId = modelId;
    this.rules = rules;
    this.clock = clock;
    this.ownsClock = ownsClock;
    this.scheduler = scheduler;
    this.generator = generator;
    this.runExecutor = runExecutor;
    this.closeTimeout = closeTimeout;
    this.owned = owned;
  }

  static Engine create(PersonalizationServiceBuilder b, LlmProvider provider) {
    ContentRules rules = b.rules != null ? b.rules : ContentRules.defaults(b.prompt.language());
    if (rules.language() != b.prompt.language()) {
      throw ValidationException.of("contentRules.language", "must be the prompt's language, " + b.prompt.language());
    }
    String modelId = b.modelId != null ? b.modelId : Check.text(provider.model(), "provider.model()", 200);
    EngineClock given = b.clock;
    boolean ownsClock = given == null;
    EngineClock clock = given != null ? given : EngineClock.system();
    RateGate gate = b.rateGate != null ? b.rateGate
        : b.requestsPerMinute > 0
            ? new TokenBucketRateGate(b.requestsPerMinute, Math.max(1, b.requestsPerMinute / 60), 0, clock::nanoTime)
            : new TokenBucketRateGate(0, 0, 0, clock::nanoTime);
    List<ExecutorService> owned = new ArrayList<>();
    Executor calls;
    Executor runs;
    if (b.executor != null) {
      calls = b.executor;
      runs = b.executor;
    } else {
      ThreadPoolExecutor callPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), threads(b.threadFactory, "persona-call-"));
      int runThreads = Math.max(2, Math.min(16, b.maxConcurrency));
      ThreadPoolExecutor runPool = new ThreadPoolExecutor(runThreads, runThreads, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), threads(b.threadFactory, "persona-run-"));
      runPool.allowCoreThreadTimeOut(true);
      owned.add(callPool);
      owned.add(runPool);
      calls = callPool;
      runs = runPool;
    }
    Observers observers = new Observers(b.observer);
    CallScheduler scheduler = new CallScheduler(provider, b.maxConcurrency, b.retryPolicy, gate, b.circuitCoolDown,
        clock, calls, b.random, observers, modelId);
    LessonGenerator generator = new LessonGenerator(scheduler, new LessonGenerator.Settings(b.prompt, rules,
        b.maxAttempts, b.temperature, b.maxOutputTokens, b.callTimeout), modelId);
    return new Engine(modelId, rules, clock, ownsClock, scheduler, generator, runs, b.closeTimeout, owned, observers);
  }

  /** Stops the service's own threads; an executor the host gave is left alone. */
  void shutdown() {
    for (ExecutorService e : owned) {
      e.shutdownNow();
    }
    if (ownsClock) {
      clock.shutdown();
    }
  }

  private static ThreadFactory threads(@Nullable ThreadFactory host, String prefix) {
    if (host != null) {
      return host;
    }
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
