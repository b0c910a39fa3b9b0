package dev.persona.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.ValidationException;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import dev.persona.store.StoreException;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PersonaMigrationsTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private static final List<String> TABLES = List.of("courses", "lessons", "lesson_descriptions", "profiles",
      "personalized_lesson_descriptions", "lesson_assets");

  private static String resource(String name) {
    try (InputStream in = PersonaMigrationsTest.class.getResourceAsStream("/original/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  private static void runIn(String schema, String sql) {
    PG.execute("SET search_path TO " + schema + "; " + sql);
  }

  private static Map<String, Long> counts(String schema) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String t : TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + t)) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  private static boolean tableExists(String schema, String table) throws SQLException {
    try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
            + schema + "' AND table_name = '" + table + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  @Test
  void anEmptySchema_getsEveryVersion_andItsOwnHistoryTable() throws SQLException {
    String schema = PG.emptySchema();
    PersonaMigrations.Result r = PersonaMigrations.migrate(PG.dataSource(), schema);
    assertThat(r.baselinedOriginalSchema()).isFalse();
    assertThat(r.applied()).containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(r.version()).isEqualTo("6");
    assertThat(tableExists(schema, PersonaMigrations.HISTORY_TABLE)).isTrue();
    assertThat(tableExists(schema, "flyway_schema_history")).isFalse();
    assertThat(counts(schema).values()).containsOnly(0L);

    PersonaMigrations.Result again = PersonaMigrations.migrate(PG.dataSource(), schema);
    assertThat(again.applied()).isEmpty();
    assertThat(again.version()).isEqualTo("6");
  }

  @Test
  void aSchemaMissingTheDatabase_isCreated() throws SQLException {
    String schema = "persona_created_" + UUID.randomUUID().toString().substring(0, 8);
    PersonaMigrations.migrate(PG.dataSource(), schema);
    assertThat(tableExists(schema, "personalized_lesson_descriptions")).isTrue();
  }

  @Test
  void aSchemaWithAHostsOwnTables_getsPersonaBesideThem() throws SQLException {
    String schema = PG.emptySchema();
    runIn(schema, "CREATE TABLE host_orders (id int primary key); INSERT INTO host_orders VALUES (1);");
    PersonaMigrations.Result r = PersonaMigrations.migrate(PG.dataSource(), schema);
    assertThat(r.baselinedOriginalSchema()).isFalse();
    assertThat(r.applied()).containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(tableExists(schema, "host_orders")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anOriginalDatabaseWithData_isBaselined_andLosesNoRow(boolean withLaterHandMigrations) throws SQLException {
    String schema = PG.emptySchema();
    runIn(schema, resource("001_init.sql"));
    if (withLaterHandMigrations) {
      runIn(schema, resource("002_004.sql"));
    }
    runIn(schema, resource("data.sql"));
    if (withLaterHandMigrations) {
      // after its migration 004 the original kept some transcripts in this column only
      runIn(schema, "UPDATE lessons SET transcription = 'Мышцы шеи: трапеция и лестничные.' WHERE lesson_number = 2;");
    }
    Map<String, Long> before = counts(schema);

    PersonaMigrations.Result r = PersonaMigrations.migrate(PG.dataSource(), schema);

    assertThat(r.baselinedOriginalSchema()).isTrue();
    assertThat(r.applied()).containsExactly("2", "3", "4", "5", "6");
    // the reconstruction of the original lacks two of V1's timestamp triggers, nothing the store relies on
    assertThat(r.reconciled()).isEmpty();
    assertThat(counts(schema)).isEqualTo(before);

    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), schema);
    PersonalizedCourse course = store.personalizedCourse("21179358", "massazh-shvz").orElseThrow();
    assertThat(course.lessons()).hasSize(2);
    Personalization engineFormat = course.lessons().get(0).findPersonalization().orElseThrow();
    assertThat(engineFormat.status()).isEqualTo(PersonalizationStatus.GENERATED);
    assertThat(engineFormat.provenance()).isNull();
    assertThat(engineFormat.updatedAt()).isNotNull();
    PersonalizedContent c = engineFormat.content();
    assertThat(c.summaryShort()).isEqualTo("Анастасия, добро пожаловать!");
    assertThat(c.extras()).containsOnlyKeys("key_takeaways", "addressing_fears");
    assertThat(course.lessons().get(1).findPersonalization().orElseThrow().content().extras()).containsOnlyKeys("prev_lessons");
    Profile anastasia = course.profile();
    assertThat(anastasia.survey().motivation()).containsExactly("additional_income", "help_family");
    assertThat(anastasia.survey().extras()).containsKeys("experience", "fears_other", "uid");
    Lesson first = store.lessons(course.course().id()).get(0);
    Lesson second = store.lessons(course.course().id()).get(1);
    if (withLaterHandMigrations) {
      assertThat(second.transcript()).contains("Мышцы шеи: трапеция и лестничные.");
    } else {
      assertThat(second.transcript()).isEmpty();
    }
    assertThat(first.transcript()).contains("Добро пожаловать на курс. Сегодня мы познакомимся.");
    assertThat(store.findLessonDescription(first.id())).isPresent();
    // a profile whose course slug names no course (the original's "shvz" vs "massazh-shvz") stays readable
    assertThat(store.findProfile("guest_1759784568", "shvz")).isPresent();

    // V1 readers still work: the original's own SELECT
    try (Connection conn = PG.dataSource().getConnection(); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, profile_id, lesson_id, content, created_at FROM " + schema
            + ".personalized_lesson_descriptions")) {
      int n = 0;
      while (rs.next()) {
        assertThat(rs.getTimestamp("created_at")).isNotNull();
        n++;
      }
      assertThat(n).isEqualTo(2);
    }

    // the engine regenerates the old rows, because they carry no fingerprint, and loses nothing
    try (PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).build()) {
      RegenerationReport report = service.regenerate("21179358", "massazh-shvz");
      assertThat(report.count(Outcome.GENERATED)).isEqualTo(2);
      assertThat(report.lessons()).allSatisfy(l -> assertThat(l.reason())
          .startsWith("no fingerprint (written by an older system); cannot be adopted: field")
          .endsWith("is shorter than 20 characters"));
      assertThat(service.regenerate("21179358", "massazh-shvz").count(Outcome.UNCHANGED)).isEqualTo(2);
    }
    // and a second course for the same learner is now possible (per-course profiles)
    store.saveCourse(dev.persona.model.Course.of("taping-basics", "Тейпирование"));
    store.saveProfile(Profile.of("21179358", "taping-basics", "Анастасия", anastasia.survey()));
    assertThat(store.findProfile("21179358", "massazh-shvz")).contains(anastasia);
  }

  @Test
  void aSchemaWithOnlySomeOriginalTables_isRefused() {
    String schema = PG.emptySchema();
    runIn(schema, "CREATE TABLE courses (id uuid primary key, slug text unique not null, title text not null);");
    assertThatThrownBy(() -> PersonaMigrations.migrate(PG.dataSource(), schema))
        .isInstanceOf(StoreException.class).hasMessageContaining("only some of the original tables");
  }

  @Test
  void aSchemaNameThatIsNotAPlainIdentifier_isRefused() {
    assertThatThrownBy(() -> PersonaMigrations.migrate(PG.dataSource(), "x; DROP TABLE courses"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("schema");
    assertThatThrownBy(() -> JdbiPersonaStore.create(PG.dataSource(), "Public"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void theForeignKeyColumns_areAllIndexed() throws SQLException {
    String schema = PG.freshSchema();
    String sql = """
        SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = '%s'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
        """.formatted(schema);
    try (Connection conn = PG.dataSource().getConnection(); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      StringBuilder unindexed = new StringBuilder();
      while (rs.next()) {
        unindexed.append(rs.getString("tbl")).append('.').append(rs.getString("col")).append(' ');
      }
      assertThat(unindexed.toString()).isEmpty();
    }
  }
}
