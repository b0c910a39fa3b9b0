package dev.persona.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.model.JsonValue;
import dev.persona.model.LessonDescription;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Adopting databases the original system (or its documentation) produced, and migrating a live one. */
final class OriginalSchemaAdoptionTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  static String resource(String name) {
    try (InputStream in = OriginalSchemaAdoptionTest.class.getResourceAsStream("/original/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  static void runIn(String schema, String sql) {
    try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Long> counts(String schema) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String t : OriginalSchema.TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + t)) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  private static List<String> constraints(String schema) throws SQLException {
    try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT conname FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace"
            + " WHERE n.nspname = '" + schema + "' ORDER BY conname")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  @Test
  void aDatabaseBuiltFromTheSeedsDescription_getsWhatV1Declares_andTakesDescriptions() throws SQLException {
    String schema = PG.emptySchema();
    runIn(schema, resource("seed_schema.sql"));
    runIn(schema, resource("seed_data.sql"));
    Map<String, Long> before = counts(schema);

    PersonaMigrations.Result r = PersonaMigrations.migrate(PG.dataSource(), schema);

    assertThat(r.baselinedOriginalSchema()).isTrue();
    assertThat(r.applied()).containsExactly("2", "3", "4", "5", "6");
    assertThat(r.reconciled()).contains("added UNIQUE (lesson_id) on lesson_descriptions",
        "made lesson_descriptions.lesson_id -> lessons ON DELETE CASCADE", "set the default of courses.id",
        "made courses.slug NOT NULL");
    assertThat(counts(schema)).isEqualTo(before);
    // the statement that failed with SQL state 42P10 on such a database now works
    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), schema);
    UUID lesson = UUID.fromString("5b7f8f0e-2222-4a4a-9c9c-000000000001");
    store.saveLessonDescription(LessonDescription.of(lesson, JsonValue.parse("{\"summary_short\":\"Новое\"}")));
    assertThat(store.findLessonDescription(lesson).orElseThrow().id())
        .isEqualTo(UUID.fromString("5b7f8f0e-3333-4a4a-9c9c-000000000001"));
    assertThat(counts(schema).get("lesson_descriptions")).isEqualTo(2);
    // deleting a lesson now takes its description with it, as V1 declares
    assertThat(store.deleteLesson(lesson)).isTrue();
    assertThat(counts(schema).get("lesson_descriptions")).isEqualTo(1);
  }

  @Test
  void dataThatBlocksAConstraint_isReportedWhole_andNothingChanges() throws SQLException {
    String schema = PG.emptySchema();
    runIn(schema, resource("seed_schema.sql"));
    runIn(schema, resource("seed_data.sql"));
    runIn(schema, """
        insert into lesson_descriptions (id, lesson_id, data) values
          ('5b7f8f0e-3333-4a4a-9c9c-0000000000a1', '5b7f8f0e-2222-4a4a-9c9c-000000000001', '{"secret": "мой текст"}');
        insert into lessons (id, course_id, lesson_number, title) values
          ('5b7f8f0e-2222-4a4a-9c9c-0000000000b1', '5b7f8f0e-1111-4a4a-9c9c-000000000001', 9, null);""");
    Map<String, Long> before = counts(schema);
    List<String> constraintsBefore = constraints(schema);

    assertThatThrownBy(() -> PersonaMigrations.migrate(PG.dataSource(), schema))
        .isInstanceOf(SchemaConflictException.class)
        .hasMessageContaining("UNIQUE (lesson_id) on lesson_descriptions cannot be added: 1 value(s)")
        .hasMessageContaining("lessons.title must not be empty, but 1 row(s)")
        .hasMessageContaining("nothing was changed")
        .hasMessageNotContaining("мой текст")
        .satisfies(e -> assertThat(((SchemaConflictException) e).blockers()).hasSize(2));
    assertThat(counts(schema)).isEqualTo(before);
    assertThat(constraints(schema)).isEqualTo(constraintsBefore);
    assertThat(PersonaMigrationsTestSupport.tableExists(PG, schema, PersonaMigrations.HISTORY_TABLE)).isFalse();

    runIn(schema, "delete from lesson_descriptions where id = '5b7f8f0e-3333-4a4a-9c9c-0000000000a1';"
        + " update lessons set title = 'Урок девять' where lesson_number = 9;");
    assertThat(PersonaMigrations.migrate(PG.dataSource(), schema).applied()).containsExactly("2", "3", "4", "5", "6");
  }

  @Test
  void aMigrationThatCannotLockATable_failsFast_changesNothing_andLeavesReadersOfOtherTablesAlone() throws Exception {
    String schema = PG.emptySchema();
    runIn(schema, resource("001_init.sql"));
    runIn(schema, resource("data.sql"));
    try (Connection holder = PG.dataSource().getConnection(); Statement s = holder.createStatement()) {
      // a long report on profiles, left open
      holder.setAutoCommit(false);
      s.executeQuery("SELECT count(*) FROM " + schema + ".profiles").close();

      CompletableFuture<Object> migration = CompletableFuture.supplyAsync(() -> {
        try {
          return PersonaMigrations.migrate(PG.dataSource(), schema, Duration.ofMillis(800));
        } catch (RuntimeException e) {
          return e;
        }
      });
      // readers of personalizations are never queued behind the migration: it locks in a fixed
      // order and profiles come before personalized_lesson_descriptions
      long t0 = System.nanoTime();
      try (Connection reader = PG.dataSource().getConnection(); Statement r = reader.createStatement();
          ResultSet rs = r.executeQuery("SELECT count(*) FROM " + schema + ".personalized_lesson_descriptions")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(800));

      Object outcome = migration.get(30, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(MigrationLockTimeoutException.class);
      assertThat(((Exception) outcome).getMessage()).contains("800 ms").contains("run PersonaMigrations.migrate again");
      holder.rollback();
    }
    assertThat(PersonaMigrationsTestSupport.columnExists(PG, schema, "personalized_lesson_descriptions", "fingerprint"))
        .isFalse();
    PersonaMigrations.Result retried = PersonaMigrations.migrate(PG.dataSource(), schema);
    assertThat(retried.version()).isEqualTo("6");
  }
}
