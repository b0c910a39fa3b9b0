package dev.persona.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.importing.ImportReport;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.model.Lesson;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Imports the real massage course into PostgreSQL from the original system's fixtures. */
final class ImportRealCourseTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  @Test
  void theRealCourse_isImportedWithItsTrueMapping_idempotently_andALearnerOnboarded() throws Exception {
    var fixtures = ImportRealCourse.fixtures();
    if (fixtures.isEmpty()) {
      System.err.println("[persona tests] SKIPPED ImportRealCourseTest: ../shared/fixtures/original is not on this"
          + " machine (set PERSONA_FIXTURES)");
    }
    Assumptions.assumeTrue(fixtures.isPresent(),
        "SKIPPED: ../shared/fixtures/original is not on this machine; set PERSONA_FIXTURES to run this test");
    Path root = fixtures.orElseThrow();
    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImportReport[] reports = ImportRealCourse.run(root, store, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(reports[0].count(ImportReport.Change.CREATED)).isEqualTo(12);
    assertThat(reports[1].changedAnything()).isFalse();
    JsonNode index = new ObjectMapper().readTree(Files.readString(root.resolve("derived-shvz-lesson-index.json")));
    List<Lesson> lessons = store.lessons(store.findCourse("massazh-shvz").orElseThrow().id());
    assertThat(lessons).hasSize(12);
    for (JsonNode l : index.path("lessons")) {
      Lesson stored = lessons.get(l.path("lesson_number").asInt() - 1);
      assertThat(stored.externalId()).isEqualTo(l.path("kinescope_video_uuid").asText());
      assertThat(stored.transcript().orElseThrow()).hasSize(l.path("transcript_chars").asInt());
    }
    // lesson 1 is the introduction, not the demo transcript the original attached by file prefix
    assertThat(lessons.get(0).transcript().orElseThrow()).doesNotStartWith("это урок-демонстрация");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("First import of 'massazh-shvz': 12 created", "Second import: changed anything? false",
        "Learner 21179358: {GENERATED=12");
  }
}
