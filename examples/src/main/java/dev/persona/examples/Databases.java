package dev.persona.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pooling for the examples: HikariCP, as a host application would use it. */
final class Databases {

  private Databases() {}

  /**
   * A small pool for a JDBC URL. The URL may carry {@code user} and {@code password} parameters;
   * {@code PERSONA_JDBC_USER} and {@code PERSONA_JDBC_PASSWORD} are used when set.
   */
  static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    String user = System.getenv("PERSONA_JDBC_USER");
    String password = System.getenv("PERSONA_JDBC_PASSWORD");
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(8);
    config.setPoolName("persona-examples");
    return new HikariDataSource(config);
  }
}
