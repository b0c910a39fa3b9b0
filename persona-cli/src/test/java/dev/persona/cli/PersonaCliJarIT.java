package dev.persona.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.jdbc.PersonaMigrations;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The self-contained jar, run as a user runs it ({@code java -jar}), in a JVM of its own with
 * nothing else on its class path, against a fresh, empty database.
 */
final class PersonaCliJarIT {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  record Result(int code, String output) {}

  private static Result java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("persona.cli.jar", "target/persona-cli-0.1.0-SNAPSHOT-all.jar"));
    assertThat(jar).as("the shaded jar is built before integration tests run").exists();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void theJar_migratesImportsAndRegenerates_onAnEmptyDatabase_inRussianAndEnglish() throws Exception {
    String schema = PG.emptySchema();
    String[] db = {"--jdbc-url", PG.jdbcUrl(), "--schema", schema};
    Result migrated = java(concat(new String[] {"migrate"}, db));
    assertThat(migrated.code()).as(migrated.output()).isZero();
    assertThat(migrated.output()).contains("is at version 6");

    Result imported = java(concat(new String[] {"import", "samples/neck-massage.course.json"}, db));
    assertThat(imported.code()).as(imported.output()).isZero();
    Result learner = java(concat(new String[] {"learner", "samples/marina.survey.json"}, db));
    assertThat(learner.code()).as(learner.output()).isZero();

    Result ru = java(concat(new String[] {"regenerate", "--course", "neck-massage"}, db));
    assertThat(ru.code()).as(ru.output()).isZero();
    assertThat(ru.output()).contains("GENERATED=12").doesNotContain("\r");
    Result en = java(concat(new String[] {"regenerate", "--course", "neck-massage", "--language", "en"}, db));
    assertThat(en.code()).as(en.output()).isZero();
    assertThat(en.output()).contains("GENERATED=12");

    Result help = java("--help");
    assertThat(help.code()).isZero();
    assertThat(help.output()).contains("migrate", "import", "learner", "regenerate", "adopt", "Exit codes:");
    assertThat(Files.exists(Path.of("samples/README.md"))).isTrue();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
