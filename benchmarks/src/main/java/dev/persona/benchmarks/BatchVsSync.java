package dev.persona.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.persona.PersonalizationService;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.jobs.CourseRuns;
import dev.persona.jobs.Price;
import dev.persona.jobs.PriceTable;
import dev.persona.jobs.RunOptions;
import dev.persona.jobs.RunState;
import dev.persona.jobs.RunStatus;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.postgres.PostgresExtension;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The same course run twice against the testkit's loopback OpenAI-compatible server: synchronously,
 * and in batch mode with malformed (1 in 37), expired (1 in 53) and failed (1 in 97) lines mixed in.
 * Prints calls, tokens and cost of both (batch at half price) and their ratio.
 *
 * <pre>mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.persona.benchmarks.BatchVsSync</pre>
 *
 * Arguments: {@code [learners=1000]}.
 */
public final class BatchVsSync {

  private static final PriceTable PRICES = PriceTable.builder()
      .price("gpt-test", Price.of("2.00", "1.00", "8.00"))
      .batchPrice("gpt-test", Price.of("1.00", "0.50", "4.00"))
      .build();

  private BatchVsSync() {}

  /**
   * Runs both.
   *
   * @param args learners
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int learners = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    PostgresExtension pg = PostgresExtension.withMigrations(PersonaMigrations::migrate);
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.dataSource());
    config.setMaximumPoolSize(16);
    try (HikariDataSource pool = new HikariDataSource(config);
        OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      RunStatus sync = run(pool, pg, server, learners, false);
      int before = server.received().size();
      server.batches().malformedEvery(37).expireEvery(53).failEvery(97).pollsBeforeDone(1);
      long t0 = System.nanoTime();
      RunStatus batch = run(pool, pg, server, learners, true);
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      long syncCallsInBatch = server.received().subList(before, server.received().size()).stream()
          .filter(r -> r.path().endsWith("/chat/completions")).count();
      System.out.printf(Locale.ROOT, "%d learners x 12 lessons, every one stored in both runs%n", learners);
      System.out.printf(Locale.ROOT, "  synchronous: %d calls, %d tokens, $%.4f%n", sync.calls(),
          sync.inputTokens() + sync.outputTokens(), sync.costUsd());
      System.out.printf(Locale.ROOT, "  batch      : %d batch requests + %d synchronous calls, %d tokens, $%.4f (%d s)%n",
          batch.batchRequests(), syncCallsInBatch, batch.inputTokens() + batch.outputTokens(), batch.costUsd(), seconds);
      System.out.printf(Locale.ROOT, "  cost batch / synchronous = %.3f (goal about 0.5); learners done %d and %d%n",
          (double) batch.costMicros() / sync.costMicros(), sync.done(), batch.done());
    }
  }

  private static RunStatus run(HikariDataSource pool, PostgresExtension pg, OpenAiCompatibleServer server,
      int learners, boolean batch) throws Exception {
    String schema = pg.freshSchema();
    JdbiPersonaStore store = JdbiPersonaStore.create(pool, schema);
    Course c = Course.of("bench", "Массаж шеи");
    store.saveCourse(c);
    for (int i = 1; i <= 12; i++) {
      store.saveLesson(Lesson.of(c.id(), i, "Тема " + i).withSummary("Как работать с шеей, шаг " + i + "."));
    }
    for (int i = 0; i < learners; i++) {
      store.saveProfile(Profile.of(String.format("u%06d", i), "bench", "Ученик",
          Survey.builder().motivation("help_others").fears("harm_client").build()));
    }
    OpenAiLlmProvider.Builder openai = OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test")
        .model("gpt-test");
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(openai.build())
        .maxConcurrency(8).build();
        CourseRuns runs = CourseRuns.builder().dataSource(pool).schema(schema).service(service).prices(PRICES)
            .batchProvider(openai.buildBatch()).batchPollInterval(Duration.ofMillis(200))
            .pollingInterval(Duration.ofMillis(100)).build()) {
      runs.startWorker();
      UUID run = runs.start("bench", batch ? RunOptions.defaults().inBatches() : RunOptions.defaults());
      RunStatus s = runs.status(run);
      while (s.state() == RunState.RUNNING) {
        Thread.sleep(200);
        s = runs.status(run);
      }
      return s;
    }
  }
}
