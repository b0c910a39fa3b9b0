package dev.persona.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.persona.PersonalizationService;
import dev.persona.RateGate;
import dev.persona.RegenerateOptions;
import dev.persona.RegenerationReport;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.jobs.CourseRuns;
import dev.persona.jobs.PostgresRateGate;
import dev.persona.jobs.RunOptions;
import dev.persona.jobs.RunState;
import dev.persona.jobs.RunStatus;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.postgres.PostgresExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * Course runs at scale, each figure against a baseline in the same process:
 *
 * <ol>
 *   <li><b>Nodes</b>: 1, 2 and 3 worker nodes (separate {@link CourseRuns} and services in this
 *       JVM, each bound to 8 calls) against a provider with a fixed latency: aggregate items/s
 *       against N x one node's ideal (8 / latency); goal at least 0.9.
 *   <li><b>Shared limit</b>: 2 nodes behind one {@link PostgresRateGate} of R requests a minute:
 *       the observed rate against R (goal: at most R, plus the burst).
 *   <li><b>Enqueueing</b>: 10,000 and 100,000 learners planned by the coordinator: time, and the
 *       JVM's peak heap against the 10,000 run's (memory must not grow with learners).
 *   <li><b>In-memory store</b>: an unchanged rerun of 1,000 and 10,000 learners (ratio of times
 *       against 10x: linear is 1.0).
 * </ol>
 *
 * <pre>mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.persona.benchmarks.CourseScale</pre>
 */
public final class CourseScale {

  private static final int LESSONS = 12;
  private static final int BOUND = 8;

  private CourseScale() {}

  /** A template writer behind a fixed latency, recording when each call started. */
  static final class Simulated implements LlmProvider {
    final ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
    private final TemplateLlmProvider writer = new TemplateLlmProvider();
    private final long latencyMillis;

    Simulated(long latencyMillis) {
      this.latencyMillis = latencyMillis;
    }

    @Override
    public String model() {
      return writer.model();
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
      starts.add(System.nanoTime());
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return writer.complete(request);
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args none
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    PostgresExtension pg = PostgresExtension.withMigrations(PersonaMigrations::migrate);
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.dataSource());
    config.setMaximumPoolSize(24);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      System.out.println("Course runs on PostgreSQL from " + pg.source());
      nodes(pool, pg, 50, 360);
      sharedLimit(pool, pg, 1200);
      enqueue(pool, pg);
    }
    inMemory();
  }

  private static void nodes(DataSource ds, PostgresExtension pg, long latencyMillis, int learners) throws Exception {
    double ideal = BOUND * 1000.0 / latencyMillis;
    System.out.printf("%n1. nodes: %d learners x %d lessons, provider latency %d ms, bound %d a node "
        + "(one node's ideal %.0f items/s)%n", learners, LESSONS, latencyMillis, BOUND, ideal);
    for (int n = 1; n <= 3; n++) {
      String schema = pg.freshSchema();
      course(JdbiPersonaStore.create(ds, schema), learners);
      List<AutoCloseable> open = new ArrayList<>();
      List<CourseRuns> runs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Simulated p = new Simulated(latencyMillis);
        PersonalizationService s = service(JdbiPersonaStore.create(ds, schema), p, RateGate.unlimited());
        CourseRuns r = CourseRuns.builder().dataSource(ds).schema(schema).service(s).pageSize(8).threads(2)
            .pollingInterval(Duration.ofMillis(100)).nodeName("node-" + i).build();
        open.add(s);
        open.add(r);
        runs.add(r);
      }
      runs.forEach(CourseRuns::startWorker);
      long t0 = System.nanoTime();
      UUID run = runs.get(0).start("bench", RunOptions.defaults());
      RunStatus s = await(runs.get(0), run);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double itemsPerSecond = s.calls() / seconds;
      System.out.printf("   %d node(s): %d calls in %.2f s = %.1f items/s; / (%d x ideal) = %.3f%n", n, s.calls(),
          seconds, itemsPerSecond, n, itemsPerSecond / (n * ideal));
      close(open);
    }
  }

  private static void sharedLimit(DataSource ds, PostgresExtension pg, int perMinute) throws Exception {
    String schema = pg.freshSchema();
    int learners = 20;
    course(JdbiPersonaStore.create(ds, schema), learners);
    System.out.printf("%n2. shared limit: 2 nodes, one PostgresRateGate of %d requests a minute (burst 5), "
        + "%d learners, instant provider%n", perMinute, learners);
    List<AutoCloseable> open = new ArrayList<>();
    List<CourseRuns> runs = new ArrayList<>();
    List<Simulated> providers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Simulated p = new Simulated(0);
      PersonalizationService s = service(JdbiPersonaStore.create(ds, schema), p,
          PostgresRateGate.perMinute(ds, schema, "bench:template", perMinute, 5, 0));
      CourseRuns r = CourseRuns.builder().dataSource(ds).schema(schema).service(s).pageSize(5).threads(2)
          .pollingInterval(Duration.ofMillis(100)).nodeName("limited-" + i).build();
      open.add(s);
      open.add(r);
      runs.add(r);
      providers.add(p);
    }
    runs.forEach(CourseRuns::startWorker);
    UUID run = runs.get(0).start("bench", RunOptions.defaults());
    RunStatus s = await(runs.get(0), run);
    List<Long> starts = new ArrayList<>();
    providers.forEach(p -> starts.addAll(p.starts));
    starts.sort(null);
    double span = (starts.get(starts.size() - 1) - starts.get(0)) / 1e9;
    double perMinuteSeen = (starts.size() - 5) / span * 60; // the first burst is free
    long worstWindow = 0;
    for (int i = 0, j = 0; i < starts.size(); i++) {
      while (starts.get(i) - starts.get(j) > Duration.ofSeconds(10).toNanos()) {
        j++;
      }
      worstWindow = Math.max(worstWindow, i - j + 1);
    }
    System.out.printf("   %d calls over %.1f s: %.0f a minute after the burst; / limit = %.3f; most in any 10 s: %d "
        + "(limit %d + burst 5)%n", s.calls(), span, perMinuteSeen, perMinuteSeen / perMinute, worstWindow,
        perMinute / 6);
    close(open);
  }

  private static void enqueue(DataSource ds, PostgresExtension pg) throws Exception {
    System.out.printf("%n3. enqueueing: the coordinator plans every learner (pages of 50) while one worker runs%n");
    long baseHeap = 0;
    for (int learners : new int[] {10_000, 100_000}) {
      String schema = pg.freshSchema();
      PersonaStore store = JdbiPersonaStore.create(ds, schema);
      Course c = course(store, 0);
      try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
        st.execute("INSERT INTO " + schema + ".profiles (id, user_identifier, name, course_slug, survey) "
            + "SELECT gen_random_uuid(), 'u' || lpad(g::text, 7, '0'), 'Ученик', '" + c.slug() + "', "
            + "'{\"motivation\":[\"help_others\"]}'::jsonb FROM generate_series(1, " + learners + ") g");
      }
      System.gc();
      resetPeaks();
      PersonalizationService s = service(JdbiPersonaStore.create(ds, schema), new Simulated(1000), RateGate.unlimited());
      CourseRuns r = CourseRuns.builder().dataSource(ds).schema(schema).service(s).threads(1)
          .pollingInterval(Duration.ofMillis(100)).nodeName("planner").build();
      r.startWorker();
      long t0 = System.nanoTime();
      UUID run = r.start("bench", RunOptions.defaults());
      long startMillis = (System.nanoTime() - t0) / 1_000_000;
      RunStatus st = r.status(run);
      while (!st.planned()) {
        Thread.sleep(50);
        st = r.status(run);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long peak = peakHeap();
      System.gc();
      long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (baseHeap == 0) {
        baseHeap = live;
      }
      System.out.printf("   %,d learners: start() returned in %d ms; all planned in %.1f s (%,.0f learners/s); "
          + "peak heap %d MB; heap after GC %d MB (/ the 10,000 run's: %.2f)%n", st.learners(), startMillis, seconds,
          st.learners() / seconds, peak / (1024 * 1024), live / (1024 * 1024), (double) live / baseHeap);
      r.cancel(run);
      r.close();
      s.close();
    }
  }

  private static void inMemory() {
    System.out.printf("%n4. in-memory store, template writer, bound %d: first run and an unchanged rerun%n", BOUND);
    double[] rerun = new double[2];
    int[] sizes = {1_000, 10_000};
    for (int i = 0; i < sizes.length; i++) {
      InMemoryPersonaStore store = new InMemoryPersonaStore();
      course(store, sizes[i]);
      try (PersonalizationService s = service(store, new TemplateLlmProvider(), RateGate.unlimited())) {
        long t0 = System.nanoTime();
        List<RegenerationReport> first = s.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<RegenerationReport> again = s.regenerateCourseAsync("bench", RegenerateOptions.defaults()).join();
        rerun[i] = (System.nanoTime() - t0) / 1e9;
        System.out.printf("   %,d learners: first run %.2f s (%,.0f items/s), rerun %.2f s (%d reports, %d calls)%n",
            sizes[i], firstSeconds, sizes[i] * LESSONS / firstSeconds, rerun[i], again.size(),
            again.stream().mapToLong(r -> r.lessons().stream().mapToInt(l -> l.attempts()).sum()).sum());
        if (first.size() != sizes[i]) {
          throw new IllegalStateException("missing reports");
        }
      }
    }
    System.out.printf("   rerun time ratio 10,000 / 1,000 = %.1f; / 10 (linear) = %.2f%n", rerun[1] / rerun[0],
        rerun[1] / rerun[0] / 10);
  }

  private static Course course(PersonaStore store, int learners) {
    Course c = Course.of("bench", "Массаж шеи");
    store.saveCourse(c);
    for (int i = 1; i <= LESSONS; i++) {
      store.saveLesson(Lesson.of(c.id(), i, "Тема " + i).withSummary("Как работать с шеей, шаг " + i + "."));
    }
    for (int i = 0; i < learners; i++) {
      store.saveProfile(Profile.of(String.format("u%06d", i), "bench", "Ученик",
          Survey.builder().motivation("help_others").fears("harm_client").build()));
    }
    return c;
  }

  private static PersonalizationService service(PersonaStore store, LlmProvider provider, RateGate gate) {
    return PersonalizationService.builder().store(store).provider(provider).maxConcurrency(BOUND).rateGate(gate)
        .callTimeout(Duration.ofSeconds(60)).build();
  }

  private static RunStatus await(CourseRuns runs, UUID run) throws InterruptedException {
    RunStatus s = runs.status(run);
    while (s.state() == RunState.RUNNING) {
      Thread.sleep(50);
      s = runs.status(run);
    }
    return s;
  }

  private static void close(List<AutoCloseable> open) throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
