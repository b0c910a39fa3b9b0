package dev.persona.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compares a database the original system created (tables, no history) with what V1 declares, and
 * adds what is missing, so that every later migration and every statement of the store find what
 * they assume. Databases built by hand from the original's documentation lack some of V1: most
 * often {@code UNIQUE (lesson_id)} on {@code lesson_descriptions}, cascading foreign keys, or
 * column defaults.
 *
 * <p>All or nothing: every table is locked first (in one fixed order, under the lock timeout), then
 * everything is checked; if the data blocks a constraint (duplicates, orphans, nulls), nothing is
 * changed and {@link SchemaConflictException} lists every blocker, by table, constraint and row
 * count (never row data), with what to do.
 */
final class OriginalSchema {

  /** V1's tables, in the order every migration locks them. */
  static final List<String> TABLES = List.of("courses", "lessons", "lesson_descriptions", "lesson_assets", "profiles",
      "personalized_lesson_descriptions");

  private record Column(String table, String name, String type, boolean notNull, @Nullable String dflt) {}

  private record Unique(String table, List<String> columns, boolean primary) {}

  private record ForeignKey(String table, String column, String references) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("courses", "id", "uuid", true, "gen_random_uuid()"),
      new Column("courses", "slug", "text", true, null),
      new Column("courses", "title", "text", true, null),
      new Column("courses", "description", "text", false, null),
      new Column("courses", "created_at", "timestamptz", false, "now()"),
      new Column("lessons", "id", "uuid", true, "gen_random_uuid()"),
      new Column("lessons", "course_id", "uuid", true, null),
      new Column("lessons", "lesson_number", "int4", true, null),
      new Column("lessons", "title", "text", true, null),
      new Column("lessons", "summary", "text", false, null),
      new Column("lessons", "content", "jsonb", false, null),
      new Column("lessons", "created_at", "timestamptz", false, "now()"),
      new Column("lesson_descriptions", "id", "uuid", true, "gen_random_uuid()"),
      new Column("lesson_descriptions", "lesson_id", "uuid", true, null),
      new Column("lesson_descriptions", "data", "jsonb", true, null),
      new Column("lesson_descriptions", "created_at", "timestamptz", false, "now()"),
      new Column("lesson_assets", "id", "uuid", true, "gen_random_uuid()"),
      new Column("lesson_assets", "lesson_id", "uuid", false, null),
      new Column("lesson_assets", "asset_type", "text", true, null),
      new Column("lesson_assets", "url", "text", true, null),
      new Column("lesson_assets", "metadata", "jsonb", false, null),
      new Column("lesson_assets", "created_at", "timestamptz", false, "now()"),
      new Column("profiles", "id", "uuid", true, "gen_random_uuid()"),
      new Column("profiles", "user_identifier", "text", true, null),
      new Column("profiles", "name", "text", false, null),
      new Column("profiles", "course_slug", "text", false, null),
      new Column("profiles", "survey", "jsonb", false, null),
      new Column("profiles", "created_at", "timestamptz", false, "now()"),
      new Column("personalized_lesson_descriptions", "id", "uuid", true, "gen_random_uuid()"),
      new Column("personalized_lesson_descriptions", "profile_id", "uuid", false, null),
      new Column("personalized_lesson_descriptions", "lesson_id", "uuid", false, null),
      new Column("personalized_lesson_descriptions", "content", "jsonb", true, null),
      new Column("personalized_lesson_descriptions", "created_at", "timestamptz", false, "now()"));

  private static final List<Unique> UNIQUES = List.of(
      new Unique("courses", List.of("id"), true),
      new Unique("lessons", List.of("id"), true),
      new Unique("lesson_descriptions", List.of("id"), true),
      new Unique("lesson_assets", List.of("id"), true),
      new Unique("profiles", List.of("id"), true),
      new Unique("personalized_lesson_descriptions", List.of("id"), true),
      new Unique("courses", List.of("slug"), false),
      new Unique("lessons", List.of("course_id", "lesson_number"), false),
      new Unique("lesson_descriptions", List.of("lesson_id"), false),
      new Unique("personalized_lesson_descriptions", List.of("profile_id", "lesson_id"), false));

  private static final List<ForeignKey> FOREIGN_KEYS = List.of(
      new ForeignKey("lessons", "course_id", "courses"),
      new ForeignKey("lesson_descriptions", "lesson_id", "lessons"),
      new ForeignKey("lesson_assets", "lesson_id", "lessons"),
      new ForeignKey("personalized_lesson_descriptions", "profile_id", "profiles"),
      new ForeignKey("personalized_lesson_descriptions", "lesson_id", "lessons"));

  private final Connection c;
  private final String schema;
  private final String q;
  private final List<String> fixes = new ArrayList<>();
  private final List<String> blockers = new ArrayList<>();

  private OriginalSchema(Connection c, String schema) {
    this.c = c;
    this.schema = schema;
    this.q = "\"" + schema + "\".";
  }

  /**
   * Brings an original schema up to what V1 declares, in one transaction.
   *
   * @return what was added, in words; empty when nothing was missing
   * @throws SchemaConflictException if the data blocks a constraint; nothing is changed
   * @throws SQLException if the database fails (a lock timeout included)
   */
  static List<String> reconcile(Connection c, String schema, Duration lockTimeout) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      OriginalSchema s = new OriginalSchema(c, schema);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
      }
      s.lockExisting();
      s.check();
      if (!s.blockers.isEmpty()) {
        c.rollback();
        throw new SchemaConflictException(schema, s.blockers);
      }
      c.commit();
      return List.copyOf(s.fixes);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private void lockExisting() throws SQLException {
    Set<String> present = existingTables();
    List<String> locked = TABLES.stream().filter(present::contains).map(t -> q + t).toList();
    if (!locked.isEmpty()) {
      exec("LOCK TABLE " + String.join(", ", locked) + " IN ACCESS EXCLUSIVE MODE");
    }
  }

  private void check() throws SQLException {
    // gen_random_uuid() is built into PostgreSQL 13+; pgcrypto provides it on older servers
    exec("DO $$ BEGIN IF current_setting('server_version_num')::int < 130000 THEN"
        + " CREATE EXTENSION IF NOT EXISTS pgcrypto; END IF; END $$");
    Set<String> present = existingTables();
    if (!present.contains("lesson_descriptions")) {
      fix("created table lesson_descriptions", "CREATE TABLE " + q + "lesson_descriptions (id uuid PRIMARY KEY DEFAULT"
          + " gen_random_uuid(), lesson_id uuid NOT NULL REFERENCES " + q + "lessons(id) ON DELETE CASCADE,"
          + " data jsonb NOT NULL, created_at timestamptz DEFAULT now(), UNIQUE (lesson_id))");
    }
    if (!present.contains("lesson_assets")) {
      fix("created table lesson_assets", "CREATE TABLE " + q + "lesson_assets (id uuid PRIMARY KEY DEFAULT"
          + " gen_random_uuid(), lesson_id uuid REFERENCES " + q + "lessons(id) ON DELETE CASCADE, asset_type text"
          + " NOT NULL, url text NOT NULL, metadata jsonb, created_at timestamptz DEFAULT now())");
    }
    Set<String> created = new HashSet<>(TABLES);
    created.removeAll(present);
    for (Column col : COLUMNS) {
      if (!created.contains(col.table())) {
        column(col);
      }
    }
    Map<String, List<Set<String>>> uniques = uniques();
    for (Unique u : UNIQUES) {
      if (!created.contains(u.table()) && !uniques.getOrDefault(u.table(), List.of()).contains(Set.copyOf(u.columns()))) {
        unique(u);
      }
    }
    for (ForeignKey fk : FOREIGN_KEYS) {
      if (!created.contains(fk.table())) {
        foreignKey(fk);
      }
    }
  }

  private void column(Column col) throws SQLException {
    String sql = "SELECT udt_name, is_nullable, column_default FROM information_schema.columns"
        + " WHERE table_schema = ? AND table_name = ? AND column_name = ?";
    String type;
    boolean nullable;
    String dflt;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, col.table());
      ps.setString(3, col.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          fix("added column " + col.table() + "." + col.name(), "ALTER TABLE " + q + col.table() + " ADD COLUMN "
              + col.name() + " " + col.type() + (col.dflt() == null ? "" : " DEFAULT " + col.dflt()));
          if (col.notNull()) {
            blockers.add(col.table() + "." + col.name() + " is missing and must not be empty: add the column and fill it");
          }
          return;
        }
        type = rs.getString(1);
        nullable = "YES".equals(rs.getString(2));
        dflt = rs.getString(3);
      }
    }
    String target = q + col.table();
    if (!type.equals(col.type())) {
      if ((col.type().equals("jsonb") && type.equals("json")) || (col.type().equals("text") && type.equals("varchar"))) {
        fix("changed " + col.table() + "." + col.name() + " from " + type + " to " + col.type(), "ALTER TABLE " + target
            + " ALTER COLUMN " + col.name() + " TYPE " + col.type() + " USING " + col.name() + "::" + col.type());
      } else {
        blockers.add(col.table() + "." + col.name() + " is of type " + type + " where Persona needs " + col.type()
            + ": convert the column");
        return;
      }
    }
    if (col.dflt() != null && dflt == null) {
      fix("set the default of " + col.table() + "." + col.name(), "ALTER TABLE " + target + " ALTER COLUMN "
          + col.name() + " SET DEFAULT " + col.dflt());
    }
    if (col.notNull() && nullable) {
      long nulls = count("SELECT count(*) FROM " + target + " WHERE " + col.name() + " IS NULL");
      if (nulls > 0) {
        blockers.add(col.table() + "." + col.name() + " must not be empty, but " + nulls
            + " row(s) leave it empty: fill or delete them");
      } else {
        fix("made " + col.table() + "." + col.name() + " NOT NULL", "ALTER TABLE " + target + " ALTER COLUMN "
            + col.name() + " SET NOT NULL");
      }
    }
  }

  private void unique(Unique u) throws SQLException {
    String cols = String.join(", ", u.columns());
    String target = q + u.table();
    long duplicates = count("SELECT count(*) FROM (SELECT " + cols + " FROM " + target + " WHERE "
        + String.join(" IS NOT NULL AND ", u.columns()) + " IS NOT NULL GROUP BY " + cols
        + " HAVING count(*) > 1) d");
    String what = (u.primary() ? "PRIMARY KEY" : "UNIQUE") + " (" + cols + ") on " + u.table();
    if (duplicates > 0) {
      blockers.add(what + " cannot be added: " + duplicates + " value(s) of (" + cols + ") occur more than once"
          + (u.table().equals("lesson_descriptions") ? " (lessons with several descriptions: keep one each, for"
              + " example the newest)" : "") + "; remove the duplicates");
      return;
    }
    String name = u.table() + "_" + String.join("_", u.columns()) + (u.primary() ? "_pkey" : "_key");
    fix("added " + what, "ALTER TABLE " + target + " ADD CONSTRAINT " + name + (u.primary() ? " PRIMARY KEY (" : " UNIQUE (")
        + cols + ")");
  }

  private void foreignKey(ForeignKey fk) throws SQLException {
    String sql = """
        SELECT con.conname, con.confdeltype FROM pg_constraint con
        JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class ft ON ft.oid = con.confrelid
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
        WHERE con.contype = 'f' AND n.nspname = ? AND t.relname = ? AND ft.relname = ? AND a.attname = ?
          AND array_length(con.conkey, 1) = 1""";
    String existing = null;
    boolean cascades = false;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, fk.table());
      ps.setString(3, fk.references());
      ps.setString(4, fk.column());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          existing = rs.getString(1);
          cascades = "c".equals(rs.getString(2));
        }
      }
    }
    String target = q + fk.table();
    String add = " ADD CONSTRAINT " + fk.table() + "_" + fk.column() + "_fkey FOREIGN KEY (" + fk.column()
        + ") REFERENCES " + q + fk.references() + "(id) ON DELETE CASCADE";
    String what = fk.table() + "." + fk.column() + " -> " + fk.references() + " ON DELETE CASCADE";
    if (existing != null) {
      if (!cascades) {
        fix("made " + what, "ALTER TABLE " + target + " DROP CONSTRAINT \"" + existing.replace("\"", "\"\"") + "\", "
            + add.strip());
      }
      return;
    }
    long orphans = count("SELECT count(*) FROM " + target + " x WHERE x." + fk.column() + " IS NOT NULL AND NOT EXISTS"
        + " (SELECT 1 FROM " + q + fk.references() + " r WHERE r.id = x." + fk.column() + ")");
    if (orphans > 0) {
      blockers.add("the foreign key " + what + " cannot be added: " + orphans + " row(s) of " + fk.table()
          + " refer to no " + fk.references() + " row; delete them or point them at existing rows");
      return;
    }
    fix("added the foreign key " + what, "ALTER TABLE " + target + add);
  }

  private Set<String> existingTables() throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Every unique index (constraints included) per table, as sets of column names. */
  private Map<String, List<Set<String>>> uniques() throws SQLException {
    String sql = """
        SELECT t.relname, array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) k(attnum)
          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum), ',')
        FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = ? AND ix.indisunique AND ix.indpred IS NULL AND ix.indexprs IS NULL""";
    Map<String, List<Set<String>>> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Set.of(rs.getString(2).split(",")));
        }
      }
    }
    return out;
  }

  /** Applies a fix at once (inside the transaction, which is rolled back if anything blocks). */
  private void fix(String what, String ddl) throws SQLException {
    exec(ddl);
    fixes.add(what);
  }

  private long count(String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void exec(String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
