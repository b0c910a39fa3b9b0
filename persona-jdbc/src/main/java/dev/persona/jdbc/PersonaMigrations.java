package dev.persona.jdbc;

import dev.persona.ValidationException;
import dev.persona.store.StoreException;
import dev.persona.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades Persona's tables with the migrations shipped in this jar.
 *
 * <ul>
 *   <li>V1 is the original system's schema; V2 adds provenance columns, one profile per learner
 *       and course, lesson external ids and foreign-key indexes; V3 the original's transcription
 *       column; V4 makes deleting a course refuse while it has learners, instead of deleting them.
 *   <li>Persona keeps its own history table, {@value #HISTORY_TABLE}, so its migrations live
 *       beside a host application's own Flyway (or Liquibase) in the same database.
 *   <li>A schema that holds the original system's tables but no history table is adopted: its
 *       constraints, defaults and columns are compared with V1's and what is missing is added
 *       (or, when its data blocks that, {@link SchemaConflictException} lists why and nothing
 *       changes); it is baselined at V1, and only V2 onwards are applied. No row is lost.
 *   <li>Every migration runs in one transaction that first locks Persona's tables in one fixed
 *       order, with a lock timeout ({@value #DEFAULT_LOCK_TIMEOUT_SECONDS} s by default): a busy
 *       table makes the migration fail fast with {@link MigrationLockTimeoutException}, changing
 *       nothing, rather than stall the live system behind it.
 * </ul>
 *
 * <pre>{@code
 * PersonaMigrations.migrate(dataSource);             // schema "public" (where the original system's tables are)
 * PersonaMigrations.migrate(dataSource, "persona");  // a schema of its own, created if missing
 * PersonaMigrations.migrate(dataSource, "public", Duration.ofSeconds(3));
 * }</pre>
 */
public final class PersonaMigrations {

  /** The name of Persona's own migration history table. */
  public static final String HISTORY_TABLE = "persona_schema_history";

  /** The schema used when none is given. */
  public static final String DEFAULT_SCHEMA = "public";

  /** The default lock timeout, in seconds. */
  public static final int DEFAULT_LOCK_TIMEOUT_SECONDS = 10;

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.jdbc.migrations");

  /**
   * What a migration did.
   *
   * @param schema the schema
   * @param baselinedOriginalSchema whether the original system's tables were found and baselined
   * @param reconciled what was added to an original schema to match V1 (empty otherwise)
   * @param applied the versions applied now, in order
   * @param version the schema's version afterwards
   */
  public record Result(String schema, boolean baselinedOriginalSchema, List<String> reconciled, List<String> applied,
      String version) {

    /** Copies the lists. */
    public Result {
      reconciled = List.copyOf(reconciled);
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
    return migrate(dataSource, schema, Duration.ofSeconds(DEFAULT_LOCK_TIMEOUT_SECONDS));
  }

  /**
   * Migrates a schema, creating it if it does not exist, waiting at most {@code lockTimeout} for
   * any table lock.
   *
   * @param dataSource the database
   * @param schema a lower-case SQL identifier
   * @param lockTimeout how long a migration may wait for a table another transaction holds
   * @return what was done
   * @throws ValidationException if the schema name is not a plain lower-case identifier, or the
   *     timeout is not positive
   * @throws MigrationLockTimeoutException if a table stayed locked; the migration changed nothing
   * @throws SchemaConflictException if an original schema's data blocks a constraint; nothing changed
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static Result migrate(DataSource dataSource, String schema, Duration lockTimeout) {
    if (dataSource == null) {
      throw ValidationException.of("dataSource", "is required");
    }
    String s = requireSchema(schema);
    if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw ValidationException.of("lockTimeout", "must be positive");
    }
    boolean original = hasOriginalTables(dataSource, s);
    List<String> reconciled = List.of();
    if (original) {
      reconciled = reconcile(dataSource, s, lockTimeout);
    } else {
      warnIfTheOriginalTablesAreElsewhere(dataSource, s);
    }
    Flyway flyway = Flyway.configure(PersonaMigrations.class.getClassLoader())
        .dataSource(new LockTimeoutDataSource(dataSource, lockTimeout))
        .schemas(s)
        .defaultSchema(s)
        .createSchemas(true)
        .table(HISTORY_TABLE)
        .locations("classpath:dev/persona/jdbc/migration")
        .callbacks(new OrderedLocks(s))
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
      if (!applied.isEmpty()) {
        LOG.info("schema '{}': applied Persona migrations {}, now at version {}", s, applied, version);
      }
      return new Result(s, original, reconciled, applied, version);
    } catch (FlywayException e) {
      if (lockTimedOut(e)) {
        String pending = pendingVersion(flyway);
        throw new MigrationLockTimeoutException("migration " + pending + " of schema '" + s + "' waited longer than "
            + lockTimeout.toMillis() + " ms for a table another transaction holds, and was rolled back whole;"
            + " run PersonaMigrations.migrate again when that transaction has ended (or with a longer lock timeout)", null);
      }
      throw new StoreException("migrating schema '" + s + "' failed: " + e.getClass().getSimpleName()
          + " (SQL state " + SqlErrors.state(e) + ")", null);
    }
  }

  private static List<String> reconcile(DataSource dataSource, String schema, Duration lockTimeout) {
    try (Connection c = dataSource.getConnection()) {
      List<String> fixes = OriginalSchema.reconcile(c, schema, lockTimeout);
      if (!fixes.isEmpty()) {
        LOG.info("schema '{}' holds the original system's tables; added what V1 declares and they lacked: {}",
            schema, fixes);
      }
      return fixes;
    } catch (SQLException e) {
      if ("55P03".equals(e.getSQLState())) {
        throw new MigrationLockTimeoutException("adopting the original tables of schema '" + schema + "' waited longer"
            + " than " + lockTimeout.toMillis() + " ms for a table another transaction holds; nothing was changed;"
            + " run PersonaMigrations.migrate again when that transaction has ended", null);
      }
      throw new StoreUnavailableException("cannot adopt the original tables of schema '" + schema + "': SQL state "
          + e.getSQLState(), null);
    }
  }

  private static boolean lockTimedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
        return true;
      }
    }
    return e.getMessage() != null && e.getMessage().contains("55P03");
  }

  private static String pendingVersion(Flyway flyway) {
    try {
      var pending = flyway.info().pending();
      return pending.length == 0 ? "(unknown)" : "V" + pending[0].getVersion() + " (" + pending[0].getDescription() + ")";
    } catch (FlywayException e) {
      return "(unknown)";
    }
  }

  /** A new, empty schema while the original tables sit in another one is most likely a mistake: say so. */
  private static void warnIfTheOriginalTablesAreElsewhere(DataSource dataSource, String schema) {
    String sql = "SELECT table_schema FROM information_schema.tables WHERE table_name = 'personalized_lesson_descriptions'"
        + " AND table_schema <> ? LIMIT 1";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !historyExists(c, schema) && !hasAnyPersonaTable(c, schema)) {
          LOG.warn("schema '{}' has no Persona tables, but schema '{}' holds personalized_lesson_descriptions:"
              + " to adopt an existing database, migrate the schema its tables are in", schema, rs.getString(1));
        }
      }
    } catch (SQLException e) {
      // only a hint; the migration itself reports real failures
    }
  }

  private static boolean hasAnyPersonaTable(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'courses'")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
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
