package dev.persona.benchmarks;

import dev.persona.LessonResult;
import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.RegenerateOptions;
import dev.persona.RegenerationReport;
import dev.persona.RetryPolicy;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's scheduler against a simulated provider with a fixed latency, in four parts, each
 * printed as ratios against a baseline measured in the same process:
 *
 * <ol>
 *   <li><b>Throughput and occupancy</b> at 0%, 5% and 30% transient failures (HTTP 503 with a
 *       200 ms retry-after): items per second against the ideal (bound / latency) and against a
 *       plain thread pool making the same calls, and the average number of calls in flight while
 *       work remains, as a share of the bound (goal: at least 0.9).
 *   <li><b>Unchanged rerun</b>: a second run over the same data (goal: 0 provider calls).
 *   <li><b>Priority</b>: how long an interactive lesson takes while a 100-learner background run
 *       is in progress, against the same request on an idle service (goal: within two provider
 *       latencies of idle).
 *   <li><b>Quota</b>: calls sent after the first {@code QUOTA_EXHAUSTED} answer, against the calls
 *       in flight when it came (goal: no more).
 * </ol>
 *
 * <pre>mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.persona.benchmarks.EngineThroughput</pre>
 *
 * Arguments: {@code [learners=100] [bound=16] [latencyMs=100]}.
 */
public final class EngineThroughput {

  private static final int LESSONS = 12;

  private EngineThroughput() {}

  /**
   * A real provider (the template writer) behind a fixed latency, failing a share of calls as a
   * transient 503, and measuring how many calls are in flight over time.
   */
  static final class SimulatedProvider implements LlmProvider {
    private final LlmProvider delegate = new TemplateLlmProvider();
    private final long latencyMs;
    private final double failureRate;
    private final SplittableRandom random = new SplittableRandom(42);
    final AtomicInteger calls = new AtomicInteger();
    private int inFlight;
    private long lastChange;
    private long firstStart;
    private long lastEnd;
    private double weighted;
    volatile int quotaAfter = Integer.MAX_VALUE;
    volatile int callsWhenQuotaHit = -1;
    volatile int inFlightWhenQuotaHit = -1;

    SimulatedProvider(long latencyMs, double failureRate) {
      this.latencyMs = latencyMs;
      this.failureRate = failureRate;
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
      int n = calls.incrementAndGet();
      boolean fail;
      synchronized (this) {
        long now = System.nanoTime();
        if (firstStart == 0) {
          firstStart = now;
          lastChange = now;
        }
        weighted += (double) inFlight * (now - lastChange);
        lastChange = now;
        inFlight++;
        fail = random.nextDouble() < failureRate;
      }
      try {
        if (n > quotaAfter) {
          synchronized (this) {
            if (callsWhenQuotaHit < 0) {
              callsWhenQuotaHit = n;
              inFlightWhenQuotaHit = inFlight;
            }
          }
          throw new LlmException(LlmException.Kind.QUOTA_EXHAUSTED, "HTTP 429 insufficient_quota");
        }
        Thread.sleep(latencyMs);
        if (fail) {
          throw new LlmException(LlmException.Kind.UNAVAILABLE, "HTTP 503", Duration.ofMillis(200), null);
        }
        return delegate.complete(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(LlmException.Kind.UNAVAILABLE, "interrupted");
      } finally {
        synchronized (this) {
          long now = System.nanoTime();
          weighted += (double) inFlight * (now - lastChange);
          lastChange = now;
          lastEnd = now;
          inFlight--;
        }
      }
    }

    /** The average number of calls in flight from the first call's start to the last one's end. */
    synchronized double averageInFlight() {
      return lastEnd == firstStart ? 0 : weighted / (lastEnd - firstStart);
    }

    @Override
    public String model() {
      return "simulated-" + latencyMs + "ms";
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args learners, bound, latency in milliseconds
   * @throws Exception if the baseline pool fails
   */
  public static void main(String[] args) throws Exception {
    int learners = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int bound = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long latencyMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
    int items = learners * LESSONS;
    double ideal = bound * 1000.0 / latencyMs;
    System.out.printf("Engine benchmark: %d learners x %d lessons = %d items, bound %d, provider latency %d ms,"
        + " ideal %.0f calls/s%n", learners, LESSONS, items, bound, latencyMs, ideal);

    double baselineRate = baseline(items, bound, latencyMs);
    System.out.printf("%nBaseline: a plain %d-thread pool making %d calls: %.1f calls/s (%.3f of ideal)%n",
        bound, items, baselineRate, baselineRate / ideal);

    System.out.printf("%n1. Throughput and occupancy (transient failures: HTTP 503, retry-after 200 ms)%n");
    System.out.printf("   %-9s %9s %8s %10s %10s %12s %14s%n", "failures", "items/s", "calls/s",
        "items/ideal", "vs pool", "in flight", "share of bound");
    for (double rate : new double[] {0.0, 0.05, 0.30}) {
      InMemoryPersonaStore store = course(learners);
      SimulatedProvider provider = new SimulatedProvider(latencyMs, rate);
      try (PersonalizationService service = service(store, provider, bound)) {
        long t0 = System.nanoTime();
        List<RegenerationReport> reports = service.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int generated = reports.stream().mapToInt(r -> r.count(Outcome.GENERATED)).sum();
        double occupancy = provider.averageInFlight();
        System.out.printf("   %-9s %9.1f %8.1f %10.3f %10.3f %12.2f %14.3f   (%d of %d generated, %.2f s)%n",
            Math.round(rate * 100) + "%", generated / seconds, provider.calls.get() / seconds,
            generated / seconds / ideal, generated / seconds / baselineRate, occupancy, occupancy / bound,
            generated, items, seconds);
        if (rate == 0.0) {
          int before = provider.calls.get();
          long t1 = System.nanoTime();
          List<RegenerationReport> second = service.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
          double secondSeconds = (System.nanoTime() - t1) / 1e9;
          System.out.printf("   2. Rerun, nothing changed: %d unchanged, %d provider calls (goal 0), %.3f s%n",
              second.stream().mapToInt(r -> r.count(Outcome.UNCHANGED)).sum(), provider.calls.get() - before,
              secondSeconds);
        }
      }
    }

    priority(learners, bound, latencyMs);
    quota(learners, bound, latencyMs);
  }

  private static void priority(int learners, int bound, long latencyMs) throws Exception {
    InMemoryPersonaStore store = course(learners);
    for (int i = 0; i < 7; i++) {
      store.saveProfile(Profile.of("waiting-" + i, "bench", "Ученица", survey("ожидание " + i)));
    }
    SimulatedProvider provider = new SimulatedProvider(latencyMs, 0.0);
    try (PersonalizationService service = service(store, provider, bound)) {
      double[] idle = new double[3];
      for (int i = 0; i < idle.length; i++) {
        idle[i] = timeLesson(service, "waiting-" + i, 1 + i);
      }
      CompletableFuture<List<RegenerationReport>> run =
          service.regenerateCourseAsync("bench", RegenerateOptions.defaults());
      Thread.sleep(1000); // the background run is in full swing
      double[] busy = new double[4];
      for (int i = 0; i < busy.length; i++) {
        busy[i] = timeLesson(service, "waiting-" + (3 + i), 4 + i);
      }
      int queuedLessons = learners * LESSONS - provider.calls.get();
      run.join();
      double idleMedian = median(idle);
      double busyMedian = median(busy);
      System.out.printf("%n3. Priority: one interactive lesson while %d learners' background run is in progress"
          + " (about %d calls still queued at the first request)%n", learners, Math.max(0, queuedLessons));
      System.out.printf("   idle service: median %.0f ms %s; busy service: median %.0f ms %s%n",
          idleMedian, Arrays.toString(rounded(idle)), busyMedian, Arrays.toString(rounded(busy)));
      System.out.printf("   busy - idle = %.0f ms = %.2f provider latencies (goal <= 2)%n",
          busyMedian - idleMedian, (busyMedian - idleMedian) / latencyMs);
    }
  }

  private static void quota(int learners, int bound, long latencyMs) {
    InMemoryPersonaStore store = course(learners);
    SimulatedProvider provider = new SimulatedProvider(latencyMs, 0.0);
    provider.quotaAfter = 200;
    try (PersonalizationService service = service(store, provider, bound)) {
      List<RegenerationReport> reports = service.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
      int after = provider.calls.get() - provider.callsWhenQuotaHit;
      int notSent = reports.stream().mapToInt(r -> r.count(Outcome.NOT_SENT)).sum();
      System.out.printf("%n4. Quota: the provider answers QUOTA_EXHAUSTED from call %d on%n", provider.quotaAfter + 1);
      System.out.printf("   calls in flight when it first did: %d; calls sent after it: %d (goal <= %d);"
          + " lessons NOT_SENT: %d of %d%n", provider.inFlightWhenQuotaHit - 1, after,
          provider.inFlightWhenQuotaHit - 1, notSent, learners * LESSONS);
    }
  }

  private static double timeLesson(PersonalizationService service, String user, int lesson) {
    long t = System.nanoTime();
    LessonResult r = service.personalizeLesson(user, "bench", lesson);
    if (r.outcome() != Outcome.GENERATED) {
      throw new IllegalStateException("expected a generated lesson, got " + r.outcome() + ": " + r.reason());
    }
    return (System.nanoTime() - t) / 1e6;
  }

  private static PersonalizationService service(InMemoryPersonaStore store, LlmProvider provider, int bound) {
    return PersonalizationService.builder().store(store).provider(provider).maxConcurrency(bound)
        .retryPolicy(new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2, Duration.ofMinutes(1)))
        .build();
  }

  private static double baseline(int items, int bound, long latencyMs) throws Exception {
    SimulatedProvider raw = new SimulatedProvider(latencyMs, 0.0);
    LlmRequest request = LlmRequest.of("system", "user");
    ExecutorService pool = Executors.newFixedThreadPool(bound);
    long t0 = System.nanoTime();
    List<Future<LlmResponse>> futures = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      futures.add(pool.submit(() -> raw.complete(request)));
    }
    for (Future<LlmResponse> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return items / seconds;
  }

  private static InMemoryPersonaStore course(int learners) {
    InMemoryPersonaStore store = new InMemoryPersonaStore();
    Course course = Course.of("bench", "Массаж шеи");
    store.saveCourse(course);
    for (int i = 1; i <= LESSONS; i++) {
      store.saveLesson(Lesson.of(course.id(), i, "Тема " + Character.toString('А' + i))
          .withSummary("Краткое описание темы про мышцы шеи и плеч, вариант " + Character.toString('а' + i) + ".")
          .withTranscript("Добрый день. ".repeat(500)));
    }
    for (int u = 0; u < learners; u++) {
      store.saveProfile(Profile.of("learner-" + u, "bench", "Ученик", survey("цель номер " + Integer.toString(u, 36))));
    }
    return store;
  }

  private static Survey survey(String wow) {
    return Survey.builder().motivation("help_others").fears("harm_client").wowResult(wow).practiceModel("друзья").build();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long[] rounded(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }
}
