package dev.persona.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.NotFoundException;
import dev.persona.PersonalizationService;
import dev.persona.ValidationException;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.model.Profile;
import dev.persona.testkit.postgres.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Course runs on three scheduler instances in one JVM, on PostgreSQL. */
final class CourseRunsTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private record Node(JobsFixture.SlowTemplate provider, PersonalizationService service, CourseRuns runs) {}

  /** A node as an application runs one: its own connection pool, engine and worker. */
  private Node node(String schema, String name, long latencyMillis, PriceTable prices) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(PG.jdbcUrl());
    config.setMaximumPoolSize(10);
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
    open.add(pool);
    JobsFixture.SlowTemplate provider = new JobsFixture.SlowTemplate(latencyMillis);
    PersonalizationService service = JobsFixture.service(JobsFixture.store(pool, schema), provider);
    CourseRuns runs = JobsFixture.runs(pool, schema, service, name).prices(prices).build();
    open.add(service);
    open.add(runs);
    return new Node(provider, service, runs);
  }

  private static RunStatus await(CourseRuns runs, UUID run, RunState state) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    RunStatus s = runs.status(run);
    while (s.state() != state && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      s = runs.status(run);
    }
    assertThat(s.state()).as(s.toString()).isEqualTo(state);
    return s;
  }

  @Test
  void threeNodes_finishEveryLearnerOnce_andARerunMakesNoCall() throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, 90);
    PriceTable prices = PriceTable.builder().price(new dev.persona.template.TemplateLlmProvider().model(),
        Price.of("1.00", "0.50", "2.00")).build();
    List<Node> nodes = List.of(node(schema, "a", 5, prices), node(schema, "b", 5, prices), node(schema, "c", 5, prices));
    RunEstimate before = nodes.get(0).runs().estimate(JobsFixture.COURSE, false);
    assertThat(before.learners()).isEqualTo(90);
    assertThat(before.calls()).isEqualTo(90L * JobsFixture.LESSONS);
    assertThat(before.promptTokens()).isPositive();
    assertThat(before.costMicros()).isPositive();

    nodes.forEach(n -> n.runs().startWorker());
    UUID run = nodes.get(0).runs().start(JobsFixture.COURSE, RunOptions.defaults());
    RunStatus done = await(nodes.get(1).runs(), run, RunState.DONE);

    assertThat(done.learners()).isEqualTo(90);
    assertThat(done.done()).isEqualTo(90);
    assertThat(done.remaining()).isZero();
    int calls = nodes.stream().mapToInt(n -> n.provider().calls.get()).sum();
    assertThat(calls).as("one call per lesson, each learner once").isEqualTo(90 * JobsFixture.LESSONS);
    assertThat(done.calls()).isEqualTo(calls);
    assertThat(done.costMicros()).isPositive();
    assertThat(nodes).as("every node took pages").allSatisfy(n -> assertThat(n.provider().calls.get()).isPositive());
    for (Profile p : store.profiles(JobsFixture.COURSE, null, 500)) {
      assertThat(store.personalizations(p.id())).hasSize(JobsFixture.LESSONS);
    }
    assertThat(nodes.get(2).runs().estimate(JobsFixture.COURSE, false).calls()).isZero();

    UUID again = nodes.get(2).runs().start(JobsFixture.COURSE, RunOptions.defaults());
    RunStatus rerun = await(nodes.get(0).runs(), again, RunState.DONE);
    assertThat(rerun.done()).isEqualTo(90);
    assertThat(nodes.stream().mapToInt(n -> n.provider().calls.get()).sum()).isEqualTo(calls);
    assertThat(rerun.calls()).isZero();
  }

  @Test
  void aBudget_stopsTheRun_andEveryLearnerIsFullyOldOrFullyNew() throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, 60);
    Node a = node(schema, "a", 40, PriceTable.none());
    Node b = node(schema, "b", 40, PriceTable.none());
    a.runs().startWorker();
    b.runs().startWorker();
    // the prompts of 50 learners: a little less in all tokens. Pages of 10, and each node's engine takes
    // turns across its pages' learners, so the first four pages (40 learners) finish, and the budget
    // runs out in the next ones, none of whose learners can finish
    long perLearner = a.runs().estimate(JobsFixture.COURSE, false).promptTokens() / 60;
    long budget = perLearner * 50;
    UUID run = a.runs().start(JobsFixture.COURSE, RunOptions.defaults().withBudget(Budget.tokens(budget)));
    await(a.runs(), run, RunState.BUDGET_REACHED);
    Thread.sleep(1500); // pages that were in progress finish
    RunStatus stopped = a.runs().status(run);
    assertThat(stopped.done()).isPositive().isLessThan(60);
    assertThat(stopped.remaining() + stopped.notSent()).isPositive();
    int full = 0;
    for (Profile p : store.profiles(JobsFixture.COURSE, null, 500)) {
      int n = store.personalizations(p.id()).size();
      assertThat(n).as(p.userIdentifier()).isIn(0, JobsFixture.LESSONS);
      full += n == JobsFixture.LESSONS ? 1 : 0;
    }
    assertThat((long) full).isEqualTo(stopped.done());
    // every page on every node counts what the others spend, call by call: the budget is passed by about
    // the calls in flight when it is reached (2 nodes x 8; measured up to 18 here), not by a page's worth
    // per page (hundreds of calls before); the margin is for a slower machine's database round trips
    long spent = stopped.inputTokens() + stopped.outputTokens();
    long perCall = spent / Math.max(1, stopped.calls());
    System.out.printf("[budget] %d tokens, spent %d in %d calls (%d a call); provider calls %d + %d, at most %d + %d "
        + "at once; %d learners done%n", budget, spent, stopped.calls(), perCall, a.provider().calls.get(), b.provider().calls.get(),
        a.provider().maxInFlight.get(), b.provider().maxInFlight.get(), stopped.done());
    assertThat(spent).isLessThanOrEqualTo(budget + 16 * 3 * perCall);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void aCancelledRun_startsNoFurtherPage_andStatusAndCancelValidateTheirInput() throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, 60);
    Node a = node(schema, "a", 40, PriceTable.none());
    UUID run = a.runs().start(JobsFixture.COURSE, RunOptions.defaults());
    a.runs().startWorker();
    Thread.sleep(1200);
    assertThat(a.runs().cancel(run)).isTrue();
    assertThat(a.runs().cancel(run)).isFalse();
    RunStatus at = a.runs().status(run);
    Thread.sleep(2500);
    RunStatus later = a.runs().status(run);
    assertThat(later.state()).isEqualTo(RunState.CANCELLED);
    // pages in progress when it was cancelled may finish; no page starts after
    assertThat(later.done()).isLessThanOrEqualTo(at.done() + 2L * 10);
    assertThat(later.remaining()).isPositive();

    assertThatThrownBy(() -> a.runs().status(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> a.runs().start("no-such-course", RunOptions.defaults())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> a.runs().start(JobsFixture.COURSE, RunOptions.defaults().withBudget(Budget.usd("5"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("no price");
    assertThatThrownBy(() -> Budget.usd("lots")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Budget.tokens(0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CourseRuns.builder().build()).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CourseRuns.builder().batchResubmits(-1, Duration.ofMinutes(1)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CourseRuns.builder().batchResubmits(21, Duration.ofMinutes(1)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CourseRuns.builder().batchResubmits(3, Duration.ZERO)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CourseRuns.builder().batchResubmits(3, null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> a.runs().start(JobsFixture.COURSE, RunOptions.defaults().inBatches()))
        .as("no batch provider on this node").isInstanceOf(ValidationException.class).hasMessageContaining("batchProvider");
  }

  @Test
  void thePriceTable_costsTokensInMicroDollars() {
    PriceTable t = PriceTable.builder().price("m", Price.of("2.50", "1.25", "10.00")).build();
    assertThat(t.costMicros("m", new dev.persona.llm.TokenUsage(1_000_000, 200_000, 100_000)))
        .contains(2_000_000L + 250_000L + 1_000_000L);
    assertThat(t.costMicros("other", dev.persona.llm.TokenUsage.ZERO)).isEmpty();
    assertThat(Budget.usd("12.50").micros()).isEqualTo(12_500_000L);
    assertThat(t.costMicros(null, dev.persona.llm.TokenUsage.ZERO)).isEmpty();
    assertThat(t.batchCostMicros("m", new dev.persona.llm.TokenUsage(1_000_000, 0, 0))).as("no batch price: the price")
        .contains(2_500_000L);
    assertThatThrownBy(() -> Price.of(null, "1", "1")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Budget.usd(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void theSharedRateGate_holdsTwoNodesToOneLimit_andAPauseReachesBoth() throws Exception {
    String schema = PG.freshSchema();
    PostgresRateGate a = PostgresRateGate.perMinute(PG.dataSource(), schema, "test:model", 120, 5, 0);
    PostgresRateGate b = PostgresRateGate.perMinute(PG.dataSource(), schema, "test:model", 120, 5, 0);
    long start = System.nanoTime();
    int granted = 0;
    while (System.nanoTime() - start < Duration.ofSeconds(2).toNanos()) {
      if (a.tryAcquire(10).isZero()) {
        granted++;
      }
      if (b.tryAcquire(10).isZero()) {
        granted++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(granted).as("burst 5 plus 2 a second over %.1f s", seconds)
        .isLessThanOrEqualTo(5 + (int) Math.ceil(seconds * 2) + 1).isGreaterThanOrEqualTo(5);

    PostgresRateGate other = PostgresRateGate.perMinute(PG.dataSource(), schema, "test:paused", 600, 10, 0);
    PostgresRateGate same = PostgresRateGate.perMinute(PG.dataSource(), schema, "test:paused", 600, 10, 0);
    assertThat(same.tryAcquire(1)).isZero();
    other.pause(Duration.ofSeconds(3));
    assertThat(same.tryAcquire(1)).as("the other node's pause holds this one").isGreaterThan(Duration.ofSeconds(2));

    PostgresRateGate tokens = PostgresRateGate.perMinute(PG.dataSource(), schema, "test:tokens", 600, 10, 1000);
    assertThat(tokens.tryAcquire(800)).isZero();
    assertThat(tokens.tryAcquire(800)).as("tokens run out before requests").isPositive();
    tokens.settle(800, 100); // the call used less than estimated: 700 come back
    assertThat(tokens.tryAcquire(800)).isZero();
    assertThatThrownBy(() -> PostgresRateGate.perMinute(PG.dataSource(), schema, "bad key!", 1, 1, 0))
        .isInstanceOf(ValidationException.class);
  }
}
