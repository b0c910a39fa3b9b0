package dev.persona.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests, started once per test JVM and shared.
 *
 * <p>Where it comes from, first match wins:
 *
 * <ol>
 *   <li>{@code PERSONA_TEST_JDBC_URL} (with {@code PERSONA_TEST_JDBC_USER} and {@code
 *       PERSONA_TEST_JDBC_PASSWORD}): a server you run;
 *   <li>Testcontainers, when a Docker engine answers;
 *   <li>embedded PostgreSQL (zonky), from a Maven artifact: no setup at all.
 * </ol>
 *
 * <p>{@link #freshSchema()} gives each test its own schema, built by the migrations the extension
 * was created with (Persona's own, in Persona's tests).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);
 * JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
 * }</pre>
 */
public final class PostgresExtension implements BeforeAllCallback {

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static volatile @Nullable Server server;

  /** A started server and how to reach it. */
  private record Server(DataSource dataSource, String source, AutoCloseable handle, String jdbcUrl) {}

  private final BiConsumer<DataSource, String> migrations;

  private PostgresExtension(BiConsumer<DataSource, String> migrations) {
    this.migrations = migrations;
  }

  /**
   * The extension, building fresh schemas with the given migrations.
   *
   * @param migrations migrates a schema of a database, for example {@code PersonaMigrations::migrate}
   * @return the extension
   */
  public static PostgresExtension withMigrations(BiConsumer<DataSource, String> migrations) {
    return new PostgresExtension(Objects.requireNonNull(migrations, "migrations"));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server();
  }

  /**
   * A data source for the test database (a superuser on embedded and container servers).
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return server().dataSource();
  }

  /**
   * A JDBC URL of the test database with its credentials as parameters, for programs that take a
   * URL (a command line, a separate JVM).
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return server().jdbcUrl();
  }

  /**
   * Where the server came from: {@code PERSONA_TEST_JDBC_URL}, {@code testcontainers} or
   * {@code embedded}.
   *
   * @return the source
   */
  public String source() {
    return server().source();
  }

  /**
   * A new, empty schema with Persona's migrations applied.
   *
   * @return the schema's name
   */
  public String freshSchema() {
    String schema = emptySchema();
    migrations.accept(dataSource(), schema);
    return schema;
  }

  /**
   * A new schema with nothing in it.
   *
   * @return the schema's name
   */
  public String emptySchema() {
    String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  /**
   * Runs SQL written by the test itself (never data) on a new connection.
   *
   * @param sql the statements
   */
  public void execute(String sql) {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
    }
  }

  private static Server server() {
    Server s = server;
    if (s == null) {
      synchronized (PostgresExtension.class) {
        s = server;
        if (s == null) {
          s = start();
          server = s;
          Server started = s;
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              started.handle().close();
            } catch (Exception ignored) {
              // the JVM is exiting
            }
          }));
          System.err.println("[persona tests] PostgreSQL from " + s.source());
        }
      }
    }
    return s;
  }

  private static Server start() {
    String url = System.getenv("PERSONA_TEST_JDBC_URL");
    if (url != null && !url.isBlank()) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(url);
      String user = System.getenv("PERSONA_TEST_JDBC_USER");
      String password = System.getenv("PERSONA_TEST_JDBC_PASSWORD");
      if (user != null) {
        ds.setUser(user);
      }
      if (password != null) {
        ds.setPassword(password);
      }
      String withCredentials = url;
      if (user != null) {
        withCredentials += (url.contains("?") ? "&" : "?") + "user=" + encode(user)
            + (password == null ? "" : "&password=" + encode(password));
      }
      return new Server(ds, "PERSONA_TEST_JDBC_URL", () -> {}, withCredentials);
    }
    if (dockerAnswers()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(container.getJdbcUrl());
      ds.setUser(container.getUsername());
      ds.setPassword(container.getPassword());
      return new Server(ds, "testcontainers (" + container.getDockerImageName() + ")", container::stop,
          container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?") + "user="
              + encode(container.getUsername()) + "&password=" + encode(container.getPassword()));
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new Server(pg.getPostgresDatabase(), "embedded (zonky, port " + pg.getPort() + ")", pg,
          pg.getJdbcUrl("postgres", "postgres"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL", e);
    }
  }

  /**
   * Whether a Docker engine answers. Asked quietly: Testcontainers logs an ERROR with a long report
   * when it finds no engine, so it is asked only when there is a socket or a DOCKER_HOST to find.
   */
  private static boolean dockerAnswers() {
    String host = System.getenv("DOCKER_HOST");
    boolean socket = java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
        || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run",
            "docker.sock"));
    if ((host == null || host.isBlank()) && !socket) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
