package dev.persona.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Before each migration, inside its transaction, locks every Persona table that exists, in one
 * fixed order ({@link OriginalSchema#TABLES}). A migration then never holds one table while
 * queueing for another, two migrations never deadlock, and the lock timeout bounds how long the
 * live system waits on a migration that cannot start.
 */
final class OrderedLocks implements Callback {

  private final String schema;

  OrderedLocks(String schema) {
    this.schema = schema;
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    Connection c = context.getConnection();
    try {
      List<String> present = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
        ps.setString(1, schema);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            present.add(rs.getString(1));
          }
        }
      }
      List<String> locked = OriginalSchema.TABLES.stream().filter(present::contains)
          .map(t -> "\"" + schema + "\"." + t).toList();
      if (!locked.isEmpty()) {
        try (Statement st = c.createStatement()) {
          st.execute("LOCK TABLE " + String.join(", ", locked) + " IN ACCESS EXCLUSIVE MODE");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("locking Persona's tables before a migration failed", e);
    }
  }

  @Override
  public String getCallbackName() {
    return "persona-ordered-locks";
  }
}
