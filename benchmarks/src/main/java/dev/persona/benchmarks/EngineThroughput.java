package dev.persona.benchmarks;

import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.RegenerateOptions;
import dev.persona.RegenerationReport;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engine throughput against a simulated provider with a fixed latency.
 *
 * <p>Personalizes {@code learners x 12} lessons with a concurrency bound of 16 against a provider
 * that answers after 100 ms, and prints items per second as a ratio of the ideal (bound / latency
 * = 160 items/s) and of a baseline measured in the same process: a plain pool of 16 threads
 * calling the same provider the same number of times, with no engine at all. A second run with
 * nothing changed must make zero provider calls.
 *
 * <pre>mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.persona.benchmarks.EngineThroughput</pre>
 *
 * Arguments: {@code [learners=100] [bound=16] [latencyMs=100]}.
 */
public final class EngineThroughput {

  private EngineThroughput() {}

  /** A real provider (the template writer) behind a fixed latency, counting calls. */
  static final class SlowProvider implements LlmProvider {
    private final LlmProvider delegate = new TemplateLlmProvider();
    private final long latencyMs;
    final AtomicInteger calls = new AtomicInteger();

    SlowProvider(long latencyMs) {
      this.latencyMs = latencyMs;
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
      calls.incrementAndGet();
      try {
        Thread.sleep(latencyMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return delegate.complete(request);
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
    int lessons = 12;
    int items = learners * lessons;
    double ideal = bound * 1000.0 / latencyMs;

    InMemoryPersonaStore store = new InMemoryPersonaStore();
    Course course = Course.of("bench", "Массаж шеи");
    store.saveCourse(course);
    for (int i = 1; i <= lessons; i++) {
      Lesson l = Lesson.of(course.id(), i, "Тема " + Character.toString('А' + i))
          .withSummary("Краткое описание темы про мышцы шеи и плеч, вариант " + Character.toString('а' + i) + ".")
          .withTranscript("Добрый день. ".repeat(500));
      store.saveLesson(l);
    }
    for (int u = 0; u < learners; u++) {
      store.saveProfile(Profile.of("learner-" + u, "bench", "Ученик",
          Survey.builder().motivation("help_others").fears("harm_client")
              .wowResult("цель номер " + Integer.toString(u, 36)).practiceModel("друзья").build()));
    }

    // Baseline: a plain pool of `bound` threads making the same number of provider calls.
    SlowProvider raw = new SlowProvider(latencyMs);
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
    double baselineSeconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    double baselineRate = items / baselineSeconds;

    SlowProvider simulated = new SlowProvider(latencyMs);
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(simulated)
        .maxConcurrency(bound).build()) {
      long t1 = System.nanoTime();
      List<RegenerationReport> first = service.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
      double engineSeconds = (System.nanoTime() - t1) / 1e9;
      int generated = first.stream().mapToInt(r -> r.count(Outcome.GENERATED)).sum();
      double engineRate = generated / engineSeconds;

      int callsBefore = simulated.calls.get();
      long t2 = System.nanoTime();
      List<RegenerationReport> second = service.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
      double secondSeconds = (System.nanoTime() - t2) / 1e9;
      int secondCalls = simulated.calls.get() - callsBefore;
      int unchanged = second.stream().mapToInt(r -> r.count(Outcome.UNCHANGED)).sum();

      System.out.printf("Engine throughput: %d learners x %d lessons = %d items, bound %d, provider latency %d ms%n",
          learners, lessons, items, bound, latencyMs);
      System.out.printf("  baseline (plain %d-thread pool, same provider): %7.1f items/s (%.2f s)%n",
          bound, baselineRate, baselineSeconds);
      System.out.printf("  engine first run:  %d generated, %7.1f items/s (%.2f s)%n", generated, engineRate, engineSeconds);
      System.out.printf("  ratio engine / ideal (%.0f items/s):  %.3f  (target >= 0.90)%n", ideal, engineRate / ideal);
      System.out.printf("  ratio engine / baseline:            %.3f%n", engineRate / baselineRate);
      System.out.printf("  second run, nothing changed: %d unchanged, %d provider calls (target 0), %.3f s%n",
          unchanged, secondCalls, secondSeconds);
    }
  }
}
