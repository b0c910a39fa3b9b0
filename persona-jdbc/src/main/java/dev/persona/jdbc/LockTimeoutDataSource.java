package dev.persona.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The host's data source for the migrations: every connection waits at most the lock timeout for a
 * lock, and gets its own setting back when it is closed (it may return to the host's pool). Works
 * the same on every Flyway version (Flyway 13 deprecates {@code initSql}).
 */
final class LockTimeoutDataSource implements DataSource {

  private final DataSource delegate;
  private final long millis;

  LockTimeoutDataSource(DataSource delegate, Duration lockTimeout) {
    this.delegate = delegate;
    this.millis = Math.max(1, lockTimeout.toMillis());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return limited(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return limited(delegate.getConnection(username, password));
  }

  private Connection limited(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET lock_timeout = " + millis);
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && !c.isClosed()) {
            try (Statement st = c.createStatement()) {
              if (!c.getAutoCommit()) {
                c.rollback(); // a failed migration leaves no transaction open for RESET to fail in
              }
              st.execute("RESET lock_timeout");
            } catch (SQLException e) {
              // the connection is going away anyway
            }
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }
}
