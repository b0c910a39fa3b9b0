package dev.persona.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.LessonResult.Outcome;
import dev.persona.RegenerationReport;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class QuickstartTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  @Test
  void quickstart_personalizesBoth_thenRegeneratesOnlyTheLearnerWhoChanged() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.Result r = Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new InMemoryPersonaStore());
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(r.first()).allSatisfy(rep -> assertThat(rep.count(Outcome.GENERATED)).isEqualTo(12));
    RegenerationReport marina = r.afterChange().get(0);
    RegenerationReport oleg = r.afterChange().get(1);
    assertThat(marina.count(Outcome.UNCHANGED)).isEqualTo(12);
    assertThat(marina.usage().totalTokens()).isZero();
    assertThat(oleg.count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(out).contains("== Массаж шеи и плеч for Марина ==", "== Массаж шеи и плеч for Олег ==")
        .contains("not an AI")
        .contains("Regenerated marina: 0 generated, 12 unchanged")
        .contains("Regenerated oleg: 12 generated, 0 unchanged")
        .containsIgnoringCase("спортсмены")
        .doesNotContain("(not personalized)");
  }

  @Test
  void quickstart_inEnglish_writesEveryLessonInEnglish() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.Result r = Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new InMemoryPersonaStore(),
        Quickstart.prompt(new String[] {"--language", "en"}));
    assertThat(r.first()).allSatisfy(rep -> assertThat(rep.count(Outcome.GENERATED)).isEqualTo(12));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("quick_action:  Right after watching");
  }

  @Test
  void quickstart_runsOnPostgres_andASecondRunFindsNothingToRegenerate() {
    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    Quickstart.Result r1 = Quickstart.run(new PrintStream(first, true, StandardCharsets.UTF_8), store);
    assertThat(r1.first()).allSatisfy(rep -> assertThat(rep.count(Outcome.GENERATED)).isEqualTo(12));
    assertThat(first.toString(StandardCharsets.UTF_8)).contains("JdbiPersonaStore");

    // run again on the same database: the course is reused, Marina is unchanged, and Oleg's survey
    // is set back to his first answers, so only his lessons regenerate
    Quickstart.Result r2 = Quickstart.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), store);
    assertThat(r2.first().get(0).count(Outcome.UNCHANGED)).isEqualTo(12);
    assertThat(r2.first().get(1).count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(store.lessons(store.findCourse(SampleCourse.SLUG).orElseThrow().id())).hasSize(12);
  }
}
