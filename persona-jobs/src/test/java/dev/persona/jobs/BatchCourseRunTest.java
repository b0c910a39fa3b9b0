package dev.persona.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.PersonalizationService;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.postgres.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A course of 1,000 learners x 12 lessons regenerated in batch mode against the loopback server
 * (malformed, failed and expired lines mixed in), and the same course synchronously, for the cost.
 */
final class BatchCourseRunTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private static final int LEARNERS = 1000;
  private static final PriceTable PRICES = PriceTable.builder()
      .price("gpt-test", Price.of("2.00", "1.00", "8.00"))
      .batchPrice("gpt-test", Price.of("1.00", "0.50", "4.00"))
      .build();

  private record Outcome(RunStatus status, long seconds) {}

  private Outcome run(OpenAiCompatibleServer server, boolean batch) throws Exception {
    return run(server, batch, LEARNERS, b -> b);
  }

  private Outcome run(OpenAiCompatibleServer server, boolean batch, int learners,
      java.util.function.UnaryOperator<CourseRuns.Builder> settings) throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, learners);
    OpenAiLlmProvider.Builder openai = OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test")
        .model("gpt-test");
    try (PersonalizationService service = JobsFixture.service(store, openai.build());
        CourseRuns runs = settings.apply(JobsFixture.runs(PG.dataSource(), schema, service, batch ? "batch" : "sync")
            .pageSize(50).prices(PRICES).batchProvider(openai.buildBatch()).batchPollInterval(Duration.ofMillis(200)))
            .build()) {
      runs.startWorker();
      long t0 = System.nanoTime();
      UUID run = runs.start(JobsFixture.COURSE, batch ? RunOptions.defaults().inBatches() : RunOptions.defaults());
      Instant deadline = Instant.now().plusSeconds(240);
      RunStatus s = runs.status(run);
      while (s.state() == RunState.RUNNING && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        s = runs.status(run);
      }
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertThat(s.state()).as(s.toString()).isEqualTo(RunState.DONE);
      assertThat(s.done()).isEqualTo(learners);
      int checked = 0;
      String after = null;
      for (List<Profile> page = store.profiles(JobsFixture.COURSE, null, 500); !page.isEmpty();
          page = store.profiles(JobsFixture.COURSE, after, 500)) {
        for (Profile p : page) {
          check(store, p);
          checked++;
        }
        after = page.get(page.size() - 1).userIdentifier();
      }
      assertThat(checked).isEqualTo(learners);
      return new Outcome(s, seconds);
    }
  }

  /** Every lesson new and whole: nothing malformed stored, no learner half done. */
  private static void check(JdbiPersonaStore store, Profile p) {
    var rows = store.personalizations(p.id());
    assertThat(rows).as(p.userIdentifier()).hasSize(JobsFixture.LESSONS);
    for (Personalization row : rows) {
      assertThat(row.content().isComplete()).as(p.userIdentifier()).isTrue();
      assertThat(row.provenance()).isNotNull();
    }
  }

  @Test
  void aThousandLearnersInBatchMode_costAboutHalf_andNoLearnerIsLeftBehind() throws Exception {
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      server.batches().malformedEvery(37).expireEvery(53).failEvery(97).outOfOrder(true).pollsBeforeDone(1);
      Outcome batch = run(server, true);
      long syncCalls = server.received().stream().filter(r -> r.path().endsWith("/chat/completions")).count();
      RunStatus s = batch.status();
      // the answers are deterministic, so a synchronous run uses the same tokens (the CourseScale
      // benchmark runs it and measures): its cost is those tokens at the synchronous price
      dev.persona.llm.TokenUsage all = new dev.persona.llm.TokenUsage(s.inputTokens(), s.cachedTokens(), s.outputTokens());
      long syncCost = PRICES.costMicros("gpt-test", all).orElseThrow();
      double costRatio = (double) s.costMicros() / syncCost;
      System.out.printf(Locale.ROOT, "[batch] %d learners x %d lessons: %d batch requests + %d synchronous calls "
          + "(malformed, failed, expired lines and re-asks), %d tokens, $%.4f (synchronously $%.4f: ratio %.3f), %d s%n",
          LEARNERS, JobsFixture.LESSONS, s.batchRequests(), syncCalls, s.inputTokens() + s.outputTokens(),
          s.costUsd(), syncCost / 1e6, costRatio, batch.seconds());

      assertThat(s.batchRequests()).isEqualTo((long) LEARNERS * JobsFixture.LESSONS);
      // malformed (1 in 37), expired (1 in 53) and failed (1 in 97) lines went the synchronous way
      assertThat(syncCalls).isBetween(LEARNERS * JobsFixture.LESSONS / 20L, LEARNERS * JobsFixture.LESSONS / 10L);
      assertThat(costRatio).isBetween(0.45, 0.6);
    }
  }

  private static long syncCalls(OpenAiCompatibleServer server) {
    return server.received().stream().filter(r -> r.path().endsWith("/chat/completions")).count();
  }

  @Test
  void batchesFailingOnTheTokenLimit_areSubmittedAgainAfterAWait_notSentSynchronously() throws Exception {
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      server.batches().failNextBatches(2, "token_limit_exceeded");
      RunStatus s = run(server, true, 120, b -> b.batchResubmits(3, Duration.ofMillis(300))).status();
      assertThat(server.batchesCreated()).as("3 pages, 2 of them submitted twice").isEqualTo(5);
      assertThat(syncCalls(server)).isZero();
      assertThat(s.batchRequests()).isEqualTo(120L * JobsFixture.LESSONS);
    }
  }

  @Test
  void whenResubmissionsRunOut_thePartGoesTheSynchronousWay_atTheSynchronousPrice() throws Exception {
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      server.batches().failWholeBatch("token_limit_exceeded");
      RunStatus s = run(server, true, 60, b -> b.batchResubmits(1, Duration.ofMillis(100))).status();
      assertThat(server.batchesCreated()).as("2 pages, each submitted twice").isEqualTo(4);
      assertThat(syncCalls(server)).isEqualTo(60L * JobsFixture.LESSONS);
      assertThat(s.batchRequests()).as("failed batches are not billed").isZero();
      assertThat(s.calls()).isEqualTo(60L * JobsFixture.LESSONS);
    }
  }

  @Test
  void aSubmissionWhoseAnswerWasLost_isFoundByTheRetry_andNotSubmittedTwice() throws Exception {
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      server.batches().loseNextCreateAnswers(2);
      RunStatus s = run(server, true, 150, b -> b).status();
      assertThat(server.batchesCreated()).as("one batch per page").isEqualTo(3);
      assertThat(syncCalls(server)).isZero();
      assertThat(s.batchRequests()).isEqualTo(150L * JobsFixture.LESSONS);
    }
  }

  @Test
  void aBudgetInBatchMode_holdsEachPagesBound_takesPagesAsRoomFrees_andIsNeverPassed() throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, 200);
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      server.batches().pollsBeforeDone(3);
      OpenAiLlmProvider.Builder openai = OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test")
          .model("gpt-test");
      try (PersonalizationService service = JobsFixture.service(store, openai.build());
          CourseRuns runs = JobsFixture.runs(PG.dataSource(), schema, service, "budget").pageSize(50).prices(PRICES)
              .batchProvider(openai.buildBatch()).batchPollInterval(Duration.ofMillis(200)).build()) {
        List<String> firstPage = store.profiles(JobsFixture.COURSE, null, 50).stream().map(Profile::userIdentifier)
            .toList();
        List<dev.persona.llm.BatchRequest> requests = service.learnerBatches().requests(JobsFixture.COURSE, firstPage,
            false).stream().flatMap(l -> l.requests().stream()).toList();
        long pageBound = PRICES.batchCostMicros("gpt-test", BatchPages.bound(requests)).orElseThrow();
        // one page's bound fits, two do not; answers cost about a sixth of their bound, so once a page is
        // taken in, a second fits beside it, and after that nothing more does
        long budgetMicros = pageBound * 5 / 4;
        runs.startWorker();
        UUID run = runs.start(JobsFixture.COURSE, RunOptions.defaults().inBatches()
            .withBudget(Budget.usd(java.math.BigDecimal.valueOf(budgetMicros, 6).toPlainString())));
        Instant deadline = Instant.now().plusSeconds(60);
        RunStatus s = runs.status(run);
        while ((s.state() == RunState.RUNNING || s.done() < 50L * server.batchesCreated())
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(200);
          s = runs.status(run);
        }
        Thread.sleep(1000); // anything still to come would come now
        s = runs.status(run);
        System.out.printf(Locale.ROOT, "[batch budget] budget $%.4f (1.25 bounds of a page, $%.4f), %d of 4 batches submitted, "
            + "spent $%.4f, %d learners done%n", budgetMicros / 1e6, pageBound / 1e6, server.batchesCreated(), s.costUsd(),
            s.done());
        assertThat(s.state()).as(s.toString()).isEqualTo(RunState.BUDGET_REACHED);
        assertThat(server.batchesCreated()).as("a page, then another once the first was taken in").isEqualTo(2);
        assertThat(s.costMicros()).as("spent, against the budget").isPositive().isLessThanOrEqualTo(budgetMicros);
        assertThat(s.done()).as("the batches out were taken in").isEqualTo(50L * server.batchesCreated());
        assertThat(syncCalls(server)).isZero();
        long whole = 0;
        for (Profile p : store.profiles(JobsFixture.COURSE, null, 500)) {
          int rows = store.personalizations(p.id()).size();
          assertThat(rows).as(p.userIdentifier()).isIn(0, JobsFixture.LESSONS);
          whole += rows == JobsFixture.LESSONS ? 1 : 0;
        }
        assertThat(whole).isEqualTo(s.done());
      }
    }
  }
}
