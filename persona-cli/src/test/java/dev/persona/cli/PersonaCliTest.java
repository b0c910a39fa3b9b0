package dev.persona.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The persona command on a real PostgreSQL, from an empty schema to personalized lessons. */
final class PersonaCliTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  static final Path SAMPLES = Path.of("samples");

  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, boolean terminal, String... args) {
    CommandLine cl = PersonaCli.commandLine(env::get, terminal);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Map.of(), false, args);
  }

  private static String[] with(String schema, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--jdbc-url");
    all.add(PG.jdbcUrl());
    all.add("--schema");
    all.add(schema);
    return all.toArray(String[]::new);
  }

  @Test
  void fromAnEmptyDatabase_migrateImportLearnerRegenerate_inRussianAndInEnglish() {
    String schema = PG.emptySchema();
    Run migrated = run(with(schema, "migrate"));
    assertThat(migrated.code()).as(migrated.err()).isZero();
    assertThat(migrated.err()).contains("is at version 6", "Next: `persona import <course.json>`");

    Run imported = run(with(schema, "import", SAMPLES.resolve("neck-massage.course.json").toString()));
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.err()).contains("Course 'neck-massage': created; lessons 12 created");
    assertThat(run(with(schema, "import", SAMPLES.resolve("neck-massage.course.json").toString())).err())
        .contains("Course 'neck-massage': unchanged");

    for (String learner : List.of("marina", "oleg")) {
      Run added = run(with(schema, "learner", SAMPLES.resolve(learner + ".survey.json").toString()));
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(added.err()).contains("Learner '" + learner + "' saved");
    }

    Run dry = run(with(schema, "regenerate", "--course", "neck-massage", "--dry-run"));
    assertThat(dry.code()).isZero();
    assertThat(dry.err()).contains("Dry run: 24 to generate").contains("Nothing was changed");

    Run ru = run(with(schema, "regenerate", "--course", "neck-massage"));
    assertThat(ru.code()).as(ru.err()).isZero();
    assertThat(ru.err()).contains("Total: {GENERATED=24");
    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), schema);
    Profile oleg = store.findProfile("oleg", "neck-massage").orElseThrow();
    assertThat(store.personalizations(oleg.id())).hasSize(12);

    Run en = run(with(schema, "regenerate", "--course", "neck-massage", "--user", "oleg", "--language", "en"));
    assertThat(en.code()).as(en.err()).isZero();
    assertThat(en.err()).contains("Total: {GENERATED=12");
    Personalization english = store.personalizations(oleg.id()).get(0);
    assertThat(english.content().quickAction()).startsWith("Right after watching");
    assertThat(english.content().whyWatch()).contains("\"Office workers\"");
  }

  @Test
  void everyFailure_saysTheNextStep_withTheRightExitCode() {
    Run noUrl = run("regenerate", "--course", "x");
    assertThat(noUrl.code()).isEqualTo(PersonaCli.USAGE);
    assertThat(noUrl.err()).contains("no database: pass --jdbc-url").contains("createdb --owner persona persona");

    Run unreachable = run("migrate", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?user=u&password=hunter2"
        + "&connectTimeout=1");
    assertThat(unreachable.code()).isEqualTo(PersonaCli.DATABASE);
    assertThat(unreachable.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/none?user=u&password=***")
        .contains("createuser").doesNotContain("hunter2");

    String schema = PG.emptySchema();
    Run notMigrated = run(with(schema, "regenerate", "--course", "neck-massage"));
    assertThat(notMigrated.code()).isEqualTo(PersonaCli.DATABASE);
    assertThat(notMigrated.err()).contains("run `persona migrate` first");

    run(with(schema, "migrate"));
    Run noCourse = run(with(schema, "regenerate", "--course", "neck-massage"));
    assertThat(noCourse.code()).isEqualTo(PersonaCli.NOT_FOUND);
    assertThat(noCourse.err()).contains("no course 'neck-massage'").contains("persona import <course.json>");

    Run badFile = run(with(schema, "import", "no-such-file.json"));
    assertThat(badFile.code()).isEqualTo(PersonaCli.USAGE);
    assertThat(badFile.err()).contains("no such file: no-such-file.json");

    Run keyless = run(with(schema, "regenerate", "--course", "neck-massage", "--provider", "openai", "--model", "gpt-x"));
    assertThat(keyless.code()).isEqualTo(PersonaCli.PROVIDER);
    assertThat(keyless.err()).contains("no API key: set $OPENAI_API_KEY");

    Run unknownOption = run("regenerate", "--nonsense");
    assertThat(unknownOption.code()).isEqualTo(PersonaCli.USAGE);
    assertThat(unknownOption.err()).doesNotContain("Exception");
  }

  @Test
  void openAisKeyFromTheEnvironment_isNotSentToAnotherServer_unlessTheVariableIsNamed() throws Exception {
    String schema = PG.emptySchema();
    run(with(schema, "migrate"));
    run(with(schema, "import", SAMPLES.resolve("neck-massage.course.json").toString()));
    run(with(schema, "learner", SAMPLES.resolve("marina.survey.json").toString()));
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      server.otherwise(OpenAiCompatibleServer.Reply.error(401, "invalid_request_error", "invalid_api_key"));
      Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-openai-only", "LOCAL_KEY", "sk-local");
      run(env, false, with(schema, "regenerate", "--course", "neck-massage", "--provider", "openai", "--model", "m",
          "--base-url", server.baseUrl().toString()));
      assertThat(server.received()).isNotEmpty().allSatisfy(r -> assertThat(r.header("authorization")).isNull());
      int before = server.received().size();
      run(env, false, with(schema, "regenerate", "--course", "neck-massage", "--provider", "openai", "--model", "m",
          "--base-url", server.baseUrl().toString(), "--api-key-env", "LOCAL_KEY"));
      assertThat(server.received().subList(before, server.received().size())).isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer sk-local"));
    }
  }

  @Test
  void aCourseRun_isEstimated_started_workedOn_andWatched_fromTheCommandLine() {
    String schema = PG.emptySchema();
    run(with(schema, "migrate"));
    run(with(schema, "import", SAMPLES.resolve("neck-massage.course.json").toString()));
    run(with(schema, "learner", SAMPLES.resolve("marina.survey.json").toString()));
    run(with(schema, "learner", SAMPLES.resolve("oleg.survey.json").toString()));

    Run estimate = run(with(schema, "run", "start", "--course", "neck-massage", "--dry-run",
        "--price", "template-writer-1 (not an AI)=1.00,0.50,2.00"));
    assertThat(estimate.code()).as(estimate.err()).isZero();
    assertThat(estimate.err()).contains("2 learner(s), 24 call(s)").contains("at most $").contains("Nothing was started");

    Run started = run(with(schema, "run", "start", "--course", "neck-massage"));
    assertThat(started.code()).as(started.err()).isZero();
    Matcher id = Pattern.compile("Run ([0-9a-f-]{36}) started").matcher(started.err());
    assertThat(id.find()).as(started.err()).isTrue();

    Run worker = run(with(schema, "run", "worker", "--for-seconds", "6"));
    assertThat(worker.code()).as(worker.err()).isZero();
    Run status = run(with(schema, "run", "status", id.group(1)));
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.err()).contains("done; learners 2: 2 done, 0 failed, 0 not sent, 0 remaining").contains("24 calls");

    assertThat(run(with(schema, "run", "cancel", id.group(1))).err()).contains("had already ended");

    Run batch = run(with(schema, "run", "start", "--course", "neck-massage", "--force", "--batch"));
    Matcher batchId = Pattern.compile("Run ([0-9a-f-]{36}) started").matcher(batch.err());
    assertThat(batchId.find()).as(batch.err()).isTrue();
    assertThat(run(with(schema, "run", "worker", "--for-seconds", "10", "--batch-poll-seconds", "1")).code()).isZero();
    Run batchStatus = run(with(schema, "run", "status", batchId.group(1)));
    assertThat(batchStatus.err()).contains("2 done").contains("(24 through the batch API)");
    Run bad = run(with(schema, "run", "status", "not-an-id"));
    assertThat(bad.code()).isEqualTo(PersonaCli.USAGE);
    Run unknown = run(with(schema, "run", "status", java.util.UUID.randomUUID().toString()));
    assertThat(unknown.code()).isEqualTo(PersonaCli.NOT_FOUND);
    Run noPrice = run(with(schema, "run", "start", "--course", "neck-massage", "--budget-usd", "5"));
    assertThat(noPrice.code()).isEqualTo(PersonaCli.USAGE);
    assertThat(noPrice.err()).contains("no price");
  }

  @Test
  void theProgressBar_showsOnATerminalOnly_onlyGoesForward_andWarningsPrintAboveIt() {
    String schema = PG.emptySchema();
    run(with(schema, "migrate"));
    run(with(schema, "import", SAMPLES.resolve("neck-massage.course.json").toString()));
    run(with(schema, "learner", SAMPLES.resolve("marina.survey.json").toString()));
    run(with(schema, "learner", SAMPLES.resolve("oleg.survey.json").toString()));

    Run redirected = run(with(schema, "regenerate", "--course", "neck-massage"));
    assertThat(redirected.err()).doesNotContain("\r").doesNotContain("lessons\n[");

    Run terminal = run(Map.of(), true, with(schema, "regenerate", "--course", "neck-massage", "--force"));
    assertThat(terminal.code()).isZero();
    Matcher frames = Pattern.compile("\\r\\[[#.]{30}\\] (\\d+)/24 lessons").matcher(terminal.err());
    List<Integer> counts = new ArrayList<>();
    while (frames.find()) {
      counts.add(Integer.parseInt(frames.group(1)));
    }
    assertThat(counts).isNotEmpty().isSorted().contains(24);
    // every log line starts on a cleared line, never inside a frame
    for (String line : terminal.err().lines().toList()) {
      if (line.contains("== ") || line.startsWith("Total")) {
        assertThat(line.replaceAll("^\\r +\\r", "")).doesNotContain("lessons");
      }
    }
  }

  @Test
  void adopt_andTheDryRun_countLegacyRows() {
    String schema = PG.emptySchema();
    run(with(schema, "migrate"));
    run(with(schema, "import", SAMPLES.resolve("neck-massage.course.json").toString()));
    run(with(schema, "learner", SAMPLES.resolve("marina.survey.json").toString()));
    run(with(schema, "regenerate", "--course", "neck-massage"));
    // rows as an older system would have left them: content, no fingerprint
    PG.execute("UPDATE " + schema + ".personalized_lesson_descriptions SET fingerprint = NULL, model = NULL,"
        + " prompt_version = NULL");
    Run dry = run(with(schema, "regenerate", "--course", "neck-massage", "--dry-run"));
    assertThat(dry.err()).contains("12 to generate (12 of them adoptable without a call");
    Run adopted = run(with(schema, "adopt", "--course", "neck-massage"));
    assertThat(adopted.code()).as(adopted.err()).isZero();
    assertThat(adopted.err()).contains("Adopted 12 legacy personalization(s) of 1 learner(s)");
    assertThat(run(with(schema, "regenerate", "--course", "neck-massage", "--dry-run")).err())
        .contains("0 to generate").contains("12 to keep");
  }

  static Map<String, String> env() {
    return new HashMap<>();
  }
}
