package dev.persona.jdbc;

import dev.persona.PersonaException;
import dev.persona.ValidationException;
import dev.persona.store.DuplicateKeyException;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.StoreException;
import dev.persona.store.StoreUnavailableException;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns driver and Jdbi exceptions into Persona's. PostgreSQL's error details can quote a whole
 * row ("Failing row contains ..."), survey text included, so for data errors the original
 * exception is replaced by one that carries only the SQL state and the constraint's name.
 */
final class SqlErrors {

  private SqlErrors() {}

  static RuntimeException translate(RuntimeException e) {
    SQLException sql = find(e);
    if (e instanceof PersonaException || (sql == null && !(e instanceof JdbiException))) {
      return e; // ours, or the caller's own exception thrown inside a transaction
    }
    if (sql == null) {
      if (e instanceof ConnectionException) {
        return new StoreUnavailableException("cannot get a database connection", e.getCause());
      }
      return new StoreException("storage failed: " + e.getClass().getSimpleName(), null);
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String constraint = constraint(sql);
    String table = table(sql);
    String where = (constraint == null ? "" : " (constraint " + constraint + ")")
        + (table == null ? "" : " on table " + table);
    SQLException sanitized = new SQLException("SQL state " + state + where, state);
    if (state.equals("23505")) {
      return new DuplicateKeyException("duplicate key" + where, sanitized);
    }
    if (state.equals("23503")) {
      return new MissingReferenceException("a referenced row does not exist" + where, sanitized);
    }
    if (state.equals("23514")) {
      ValidationException v = ValidationException.of(constraint == null ? "row" : constraint,
          "is refused by the database's check constraint");
      v.initCause(sanitized);
      return v;
    }
    if (state.equals("22P05") || state.equals("22021")) {
      ValidationException v = ValidationException.of("text",
          "contains a character PostgreSQL cannot store (such as U+0000)");
      v.initCause(sanitized);
      return v;
    }
    if (state.equals("42P10") || state.equals("42P01") || state.equals("42703")) {
      return new StoreException("the database schema is not what Persona needs (SQL state " + state + where
          + ": a table, column or unique constraint is missing); run PersonaMigrations.migrate on this schema", sanitized);
    }
    if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
        || state.equals("40001") || state.equals("40P01")) {
      return new StoreUnavailableException("the database connection failed or the transaction was aborted"
          + " (SQL state " + state + "); nothing was changed", sql);
    }
    return new StoreException("storage failed with SQL state " + state + where, sanitized);
  }

  /** Whether PostgreSQL aborted the transaction as a deadlock victim or a serialization failure. */
  static boolean isTransient(Throwable e) {
    String state = state(e);
    return state.equals("40001") || state.equals("40P01");
  }

  /** The SQL state behind an exception, or an empty string. */
  static String state(Throwable e) {
    SQLException sql = find(e);
    return sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
  }

  private static @Nullable SQLException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  private static @Nullable String table(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage m = p.getServerErrorMessage();
      if (m != null) {
        return m.getTable();
      }
    }
    return null;
  }

  private static @Nullable String constraint(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage m = p.getServerErrorMessage();
      if (m != null) {
        return m.getConstraint();
      }
    }
    return null;
  }
}
