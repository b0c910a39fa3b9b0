package dev.persona.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Finding a database logs no error on the way, and says in one line which database it found. */
final class PostgresExtensionTest {

  @Test
  void startingTheHarness_logsNoErrorOrWarning_andSaysWhichDatabaseInOneLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    root.addAppender(events);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    PostgresExtension pg = PostgresExtension.withMigrations((ds, schema) -> {});
    try {
      pg.beforeAll(null);
    } finally {
      System.setErr(err);
      root.detachAppender(events);
    }
    assertThat(events.list).as("events at WARN or above while looking for a database")
        .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    assertThat(captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[persona tests]")))
        .containsExactly("[persona tests] PostgreSQL from " + pg.source());
    try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
    }
  }
}
