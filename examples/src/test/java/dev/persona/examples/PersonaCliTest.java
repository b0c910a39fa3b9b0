package dev.persona.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.model.Profile;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.OpenAiCompatibleServer.Reply;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The command line against a real PostgreSQL, and a real HTTP server for the OpenAI provider. */
final class PersonaCliTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private String schema;
  private String url;
  private JdbiPersonaStore store;

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws SQLException {
    schema = PG.freshSchema();
    try (Connection c = PG.dataSource().getConnection()) {
      url = c.getMetaData().getURL();
      String user = c.getMetaData().getUserName();
      url = url + (url.contains("?") ? "&" : "?") + "user=" + user;
    }
    store = JdbiPersonaStore.create(PG.dataSource(), schema);
    SampleCourse.install(store);
    store.saveProfile(Profile.of("marina", SampleCourse.SLUG, "Марина", SampleCourse.marina()));
    store.saveProfile(Profile.of("oleg", SampleCourse.SLUG, "Олег", SampleCourse.oleg()));
  }

  private Run run(Map<String, String> env, String... args) {
    CommandLine cl = PersonaCli.commandLine(env::get);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--jdbc-url", url, "--schema", schema));
    all.addAll(List.of(args));
    return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  private Run run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void aDryRun_showsWhatAndWhy_andChangesNothing() {
    Run r = run("--course", SampleCourse.SLUG, "--dry-run");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("== marina", "== oleg", "GENERATE", "no personalization yet",
        "Dry run: 24 to generate (0 of them adoptable without a call, see --adopt), 0 to keep, 0 to skip. Nothing was changed.");
    assertThat(store.personalizations(store.findProfile("marina", SampleCourse.SLUG).orElseThrow().id())).isEmpty();
  }

  @Test
  void regeneratingEveryLearner_thenAgain_findsNothingToDo() {
    Run first = run("--course", SampleCourse.SLUG);
    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("GENERATED=12", "Total: {GENERATED=24");
    assertThat(first.err()).contains("[##############################] 24/24 lessons");
    Run second = run("--course", SampleCourse.SLUG, "--user", "oleg", "--no-progress");
    assertThat(second.code()).isZero();
    assertThat(second.out()).contains("== oleg: {GENERATED=0, UNCHANGED=12");
    Run plan = run("--course", SampleCourse.SLUG, "--dry-run", "--user", "marina");
    assertThat(plan.out()).contains("KEEP", "unchanged").doesNotContain("GENERATE ");
  }

  @Test
  void exitCodes_sayWhatHappened() {
    assertThat(run("--course", "no-such-course").code()).isEqualTo(PersonaCli.NOT_FOUND);
    assertThat(run("--course", SampleCourse.SLUG, "--user", "nobody").code()).isEqualTo(PersonaCli.NOT_FOUND);
    assertThat(run("--course", SampleCourse.SLUG, "--concurrency", "lots").code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run("--dry-run").code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run("--course", SampleCourse.SLUG, "--provider", "openai").code()).isEqualTo(PersonaCli.PROVIDER_MISCONFIGURED);
    Run noKey = run("--course", SampleCourse.SLUG, "--provider", "openai", "--model", "gpt-4o");
    assertThat(noKey.code()).isEqualTo(PersonaCli.PROVIDER_MISCONFIGURED);
    assertThat(noKey.err()).contains("$OPENAI_API_KEY");
    CommandLine cl = PersonaCli.commandLine(k -> null);
    cl.setErr(new PrintWriter(new StringWriter()));
    cl.setOut(new PrintWriter(new StringWriter()));
    assertThat(cl.execute("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "--course", "x"))
        .isEqualTo(PersonaCli.STORE_FAILED);
  }

  @Test
  void anOpenAiCompatibleServer_thatRejectsTheKey_opensTheCircuit_andStoresNothing() throws Exception {
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      server.otherwise(Reply.error(401, "invalid_request_error", "invalid_api_key"));
      Run r = run(Map.of("MY_KEY", "sk-wrong-key-123"), "--course", SampleCourse.SLUG, "--user", "marina",
          "--provider", "openai", "--base-url", server.baseUrl().toString(), "--model", "gpt-test",
          "--api-key-env", "MY_KEY", "--no-progress");
      assertThat(r.code()).isEqualTo(PersonaCli.LESSONS_FAILED);
      // the calls in flight (at most the bound, 4) fail; the circuit opens, and the rest are never sent
      int sent = server.received().size();
      assertThat(sent).isBetween(1, 4);
      assertThat(r.out()).contains("FAILED=" + sent, "NOT_SENT=" + (12 - sent),
          "provider failed: AUTHENTICATION (not retryable)").doesNotContain("sk-wrong-key-123");
      assertThat(server.received().get(0).header("authorization")).isEqualTo("Bearer sk-wrong-key-123");
      assertThat(store.personalizations(store.findProfile("marina", SampleCourse.SLUG).orElseThrow().id())).isEmpty();
    }
  }
}
