package dev.persona.jdbc;

import dev.persona.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Catalogue look-ups for migration tests. */
final class PersonaMigrationsTestSupport {

  private PersonaMigrationsTestSupport() {}

  static boolean tableExists(PostgresExtension pg, String schema, String table) throws SQLException {
    return exists(pg, "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", schema, table);
  }

  static boolean columnExists(PostgresExtension pg, String schema, String table, String column) throws SQLException {
    return exists(pg, "SELECT 1 FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
        + " AND column_name = ?", schema, table, column);
  }

  private static boolean exists(PostgresExtension pg, String sql, String... args) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
