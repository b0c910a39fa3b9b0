package dev.persona.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.PersonalizationService;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.model.Profile;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Worker JVMs; one is killed (SIGKILL) in the middle of a run. The others finish it; no learner's
 * lesson is written twice; a second run makes no call; in batch mode, no batch is submitted twice.
 */
final class KilledNodeTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private static Process worker(String schema, String name, String... more) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        WorkerProcess.class.getName(), PG.jdbcUrl(), schema, name, "60"));
    command.addAll(List.of(more));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> out.lines().forEach(l -> {
      if (l.startsWith("worker ")) {
        synchronized (p) {
          p.notifyAll();
        }
      }
    }), "worker-output-" + name);
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  /** A worker executing a page right now, or null. */
  private static String busyWorker(String schema) throws Exception {
    try (var c = PG.dataSource().getConnection();
        var st = c.prepareStatement("SELECT picked_by FROM " + schema + ".persona_scheduled_tasks "
            + "WHERE picked AND task_name = ? ORDER BY picked_by LIMIT 1")) {
      st.setString(1, CourseRuns.PAGE);
      try (var rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static RunStatus awaitDone(CourseRuns client, UUID run, Instant deadline) throws InterruptedException {
    RunStatus s = client.status(run);
    while (s.state() != RunState.DONE && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      s = client.status(run);
    }
    return s;
  }

  /** Logs every write of a personalization row, to count them. */
  private static void logWrites(String schema) {
    PG.execute("CREATE TABLE " + schema + ".write_log (profile_id uuid, lesson_id uuid);"
        + "CREATE FUNCTION " + schema + ".log_write() RETURNS trigger AS $$ BEGIN INSERT INTO " + schema
        + ".write_log VALUES (NEW.profile_id, NEW.lesson_id); RETURN NEW; END $$ LANGUAGE plpgsql;"
        + "CREATE TRIGGER log_write AFTER INSERT OR UPDATE ON " + schema + ".personalized_lesson_descriptions "
        + "FOR EACH ROW EXECUTE FUNCTION " + schema + ".log_write();");
  }

  private static List<Long> writesPerLesson(String schema) throws Exception {
    List<Long> writes = new ArrayList<>();
    try (var c = PG.dataSource().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM " + schema + ".write_log GROUP BY profile_id, lesson_id")) {
      while (rs.next()) {
        writes.add(rs.getLong(1));
      }
    }
    return writes;
  }

  @Test
  void aKilledNode_isTakenOverByTheOthers_andNoLessonIsWrittenTwice() throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, 60);
    logWrites(schema);
    List<Process> workers = new ArrayList<>();
    try (PersonalizationService service = JobsFixture.service(store, new JobsFixture.SlowTemplate(0));
        CourseRuns client = JobsFixture.runs(PG.dataSource(), schema, service, "client").build()) {
      for (String name : List.of("w1", "w2", "w3")) {
        workers.add(worker(schema, name));
      }
      UUID run = client.start(JobsFixture.COURSE, RunOptions.defaults());
      Instant deadline = Instant.now().plusSeconds(60);
      String victim = null;
      while ((client.status(run).done() < 10 || (victim = busyWorker(schema)) == null)
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      assertThat(victim).as("a worker is executing a page when it is killed").isNotNull();
      RunStatus atKill = client.status(run);
      assertThat(atKill.done()).as("the run got going").isGreaterThanOrEqualTo(10);
      assertThat(atKill.remaining()).as("and was not over").isPositive();
      workers.get(List.of("w1", "w2", "w3").indexOf(victim)).destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      RunStatus s = awaitDone(client, run, deadline);
      assertThat(s.state()).as(s.toString()).isEqualTo(RunState.DONE);
      assertThat(s.done()).isEqualTo(60);
      for (Profile p : store.profiles(JobsFixture.COURSE, null, 500)) {
        assertThat(store.personalizations(p.id())).hasSize(JobsFixture.LESSONS);
      }
      assertThat(writesPerLesson(schema)).hasSize(60 * JobsFixture.LESSONS).containsOnly(1L);

      UUID again = client.start(JobsFixture.COURSE, RunOptions.defaults());
      RunStatus rerun = awaitDone(client, again, deadline.plusSeconds(30));
      assertThat(rerun.state()).isEqualTo(RunState.DONE);
      assertThat(rerun.calls()).as("nothing left to generate").isZero();
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void inBatchMode_aNodeKilledWhileSubmittingAndPolling_losesNothing_andNoBatchIsSubmittedTwice() throws Exception {
    String schema = PG.freshSchema();
    JdbiPersonaStore store = JobsFixture.store(PG.dataSource(), schema);
    JobsFixture.course(store, 100);
    logWrites(schema);
    List<Process> workers = new ArrayList<>();
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start();
        PersonalizationService service = JobsFixture.service(store, new JobsFixture.SlowTemplate(0));
        CourseRuns client = JobsFixture.runs(PG.dataSource(), schema, service, "client")
            .batchProvider(OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test").model("gpt-test")
                .buildBatch()).build()) {
      TemplateLlmProvider writer = new TemplateLlmProvider();
      server.answering(r -> writer.complete(r).text());
      server.batches().pollsBeforeDone(10); // about 2 s of polling per batch
      for (String name : List.of("w1", "w2")) {
        workers.add(worker(schema, name, server.baseUrl().toString()));
      }
      UUID run = client.start(JobsFixture.COURSE, RunOptions.defaults().inBatches());
      Instant deadline = Instant.now().plusSeconds(90);
      while (server.batchesCreated() < 3 && Instant.now().isBefore(deadline)) {
        Thread.sleep(5);
      }
      workers.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      int atKill = server.batchesCreated();
      assertThat(atKill).as("killed while pages were being submitted").isBetween(3, 9);

      RunStatus s = awaitDone(client, run, deadline);
      assertThat(s.state()).as(s.toString()).isEqualTo(RunState.DONE);
      assertThat(s.done()).isEqualTo(100);
      assertThat(server.batchesCreated()).as("10 pages, one batch each, none twice").isEqualTo(10);
      assertThat(s.batchRequests()).isEqualTo(100L * JobsFixture.LESSONS);
      assertThat(server.received().stream().filter(r -> r.path().endsWith("/chat/completions"))).isEmpty();
      assertThat(writesPerLesson(schema)).hasSize(100 * JobsFixture.LESSONS).containsOnly(1L);
      long lookups = server.received().stream().filter(r -> r.path().equals("/v1/batches") && !r.body().has("endpoint"))
          .count();
      System.out.printf("[killed batch node] batches created when killed: %d; lookups for a batch by key after: %d%n",
          atKill, lookups);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }
}
