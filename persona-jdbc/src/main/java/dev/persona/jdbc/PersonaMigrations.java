package dev.persona.jdbc;

import dev.persona.ValidationException;
import dev.persona.store.StoreException;
import dev.persona.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

/**
 * Creates or upgrades Persona's tables with the migrations shipped in this jar.
 *
 * <p>Persona keeps its own history table, {@value #HISTORY_TABLE}, so its migrations live beside
 * a host application's own Flyway (or Liquibase) in the same database. A schema that already holds
 * the original system's tables but no history table is detected and baselined at version 1 (the
 * original schema); only what is missing is applied, and no row is lost.
 *
 * <pre>{@code
 * PersonaMigrations.migrate(dataSource);             // schema "public"
 * PersonaMigrations.migrate(dataSource, "persona");  // a schema of its own, created if missing
 * }</pre>
 */
public final class PersonaMigrations {

  /** The name of Persona's own migration history table. */
  public static final String HISTORY_TABLE = "persona_schema_history";

  /** The schema used when none is given. */
  public static final String DEFAULT_SCHEMA = "public";

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /**
   * What a migration did.
   *
   * @param schema the schema
   * @param baselinedOriginalSchema whether the original system's tables were found and baselined
   * @param applied the versions applied now, in order
   * @param version the schema's version afterwards
   */
  public record Result(String schema, boolean baselinedOriginalSchema, List<String> applied, String version) {

    /** Copies the list. */
    public Result {
      applied = List.copyOf(applied);
    }
  }

  private PersonaMigrations() {}

  /**
   * Migrates the {@value #DEFAULT_SCHEMA} schema.
   *
   * @param dataSource the database
   * @return what was done
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static Result migrate(DataSource dataSource) {
    return migrate(dataSource, DEFAULT_SCHEMA);
  }

  /**
   * Migrates a schema, creating it if it does not exist.
   *
   * @param dataSource the database
   * @param schema a lower-case SQL identifier
   * @return what was done
   * @throws ValidationException if the schema name is not a plain lower-case identifier
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static Result migrate(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw ValidationException.of("dataSource", "is required");
    }
    String s = requireSchema(schema);
    boolean original = hasOriginalTables(dataSource, s);
    Flyway flyway = Flyway.configure(PersonaMigrations.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(s)
        .defaultSchema(s)
        .createSchemas(true)
        .table(HISTORY_TABLE)
        .locations("classpath:dev/persona/jdbc/migration")
        .baselineOnMigrate(true)
        .baselineVersion(original ? "1" : "0")
        .baselineDescription(original ? "original schema found" : "before Persona")
        .validateMigrationNaming(true)
        .load();
    try {
      MigrateResult r = flyway.migrate();
      List<String> applied = r.migrations.stream().map(m -> m.version).toList();
      String version = r.targetSchemaVersion != null ? r.targetSchemaVersion
          : String.valueOf(flyway.info().current() == null ? "0" : flyway.info().current().getVersion());
      return new Result(s, original, applied, version);
    } catch (FlywayException e) {
      throw new StoreException("migrating schema '" + s + "' failed: " + e.getClass().getSimpleName(), e);
    }
  }

  static String requireSchema(@Nullable String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw ValidationException.of("schema", "must be a lower-case SQL identifier ([a-z_][a-z0-9_]*)");
    }
    return schema;
  }

  private static boolean hasOriginalTables(DataSource dataSource, String schema) {
    String sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name IN"
        + " ('courses', 'lessons', 'profiles', 'personalized_lesson_descriptions', ?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, HISTORY_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int found = rs.getInt(1);
        if (found == 5) {
          return false; // ours already
        }
        if (found > 0 && found < 4 && !historyExists(c, schema)) {
          throw new StoreException("schema '" + schema + "' holds only some of the original tables;"
              + " refusing to guess how to upgrade it", null);
        }
        return found == 4;
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot inspect schema '" + schema + "': SQL state " + e.getSQLState(), e);
    }
  }

  private static boolean historyExists(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, schema);
      ps.setString(2, HISTORY_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
