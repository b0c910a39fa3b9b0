package dev.persona.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.store.PersonaStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the database is, shared by every command; opens a small pool and checks it is migrated. */
final class Database {

  static final String SETUP_HINT = """
      create the database and its user first, for example:
        sudo -u postgres createuser --pwprompt persona
        sudo -u postgres createdb --owner persona persona
      then pass --jdbc-url 'jdbc:postgresql://localhost:5432/persona?user=persona&password=...'""";

  @Option(names = "--jdbc-url", defaultValue = "${env:PERSONA_JDBC_URL}",
      description = "PostgreSQL JDBC URL (default: $PERSONA_JDBC_URL). User and password may be URL parameters or"
          + " $PERSONA_JDBC_USER and $PERSONA_JDBC_PASSWORD.")
  @Nullable String jdbcUrl;

  @Option(names = "--schema", defaultValue = "public", description = "The schema Persona's tables are in (default: ${DEFAULT-VALUE}).")
  String schema = "public";

  HikariDataSource open(Function<String, @Nullable String> env) {
    String url = jdbcUrl;
    if (url == null || url.isBlank()) {
      throw new CliException(PersonaCli.USAGE, "no database: pass --jdbc-url or set PERSONA_JDBC_URL; to start from"
          + " nothing, " + SETUP_HINT);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    String user = env.apply("PERSONA_JDBC_USER");
    String password = env.apply("PERSONA_JDBC_PASSWORD");
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(8);
    config.setPoolName("persona-cli");
    config.setConnectionTimeout(10_000);
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      throw new CliException(PersonaCli.DATABASE, "cannot connect to " + redacted(url) + " (" + sqlState(e)
          + "). Is PostgreSQL running, and do the database and user exist? To set them up, " + SETUP_HINT);
    }
  }

  /** The store, once the schema is known to hold Persona's tables. */
  PersonaStore store(HikariDataSource pool) {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, schema);
      ps.setString(2, PersonaMigrations.HISTORY_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new CliException(PersonaCli.DATABASE, "schema '" + schema + "' has no Persona tables yet: run"
              + " `persona migrate` first (it also adopts a database the original system created)");
        }
      }
    } catch (SQLException e) {
      throw new CliException(PersonaCli.DATABASE, "cannot read the database (SQL state " + e.getSQLState() + ")");
    }
    return JdbiPersonaStore.create(pool, schema);
  }

  /** The URL without a password, for messages. */
  static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return "SQL state " + s.getSQLState();
      }
    }
    return e.getClass().getSimpleName();
  }
}
