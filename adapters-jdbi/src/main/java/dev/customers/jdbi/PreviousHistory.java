package dev.customers.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Moves our rows out of Flyway's default history table, {@value #TABLE}, where earlier releases recorded them
 * (docs/storage.md, "Upgrading from the release before"). The helpers at the end serve {@link PreviousSchema} too.
 */
final class PreviousHistory {

  static final String TABLE = "flyway_schema_history";
  static final String COLUMNS = "\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
      + "\"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\"";
  /** The rows of migrations applied, or tried, rather than Flyway's markers (a baseline, H2's table created). */
  private static final String MIGRATION_ROW = "\"type\" in ('SQL', 'JDBC')";

  private PreviousHistory() {}

  /** Moves our rows out of {@value #TABLE} unless ours already records a migration; {@code flyway}: our history. */
  static void moveOurs(DataSource dataSource, Flyway flyway, String where) {
    try (Connection connection = dataSource.getConnection()) {
      if (!mayHoldOurs(connection)) {
        return;
      }
      // Nothing of ours is applied yet where Flyway looks now: every migration is pending, with its checksum.
      List<MigrationInfo> ours = Arrays.asList(flyway.info().pending());
      if (rowsOfOurs(connection, ours).isEmpty()) {
        return;
      }
      if (!tableExists(connection, connection.getSchema(), Schema.HISTORY_TABLE)) {
        // Flyway makes its table as it makes it for a migration; the baseline row goes with the move.
        flyway.baseline();
      }
      Connections.inTransaction(connection, on -> move(on, ours));
    } catch (SQLException | FlywayException e) {
      // Another process starting on the same database may have moved them first.
      if (stillToMove(dataSource, flyway)) {
        throw new IllegalStateException("Could not move the history of the customer migrations at " + where
            + " from " + TABLE + " to " + Schema.HISTORY_TABLE + ". Cause: " + e.getMessage(), e);
      }
    }
  }

  private static boolean stillToMove(DataSource dataSource, Flyway flyway) {
    try (Connection connection = dataSource.getConnection()) {
      return mayHoldOurs(connection) && !rowsOfOurs(connection, Arrays.asList(flyway.info().pending())).isEmpty();
    } catch (SQLException | FlywayException e) {
      return true;
    }
  }

  /** Whether {@value #TABLE} is there and ours records no migration (is missing, or was left half-made). */
  private static boolean mayHoldOurs(Connection connection) throws SQLException {
    String schema = connection.getSchema();
    return tableExists(connection, schema, TABLE) && (!tableExists(connection, schema, Schema.HISTORY_TABLE)
        || count(connection, "count(*)", "\"" + Schema.HISTORY_TABLE + "\" where " + MIGRATION_ROW) == 0);
  }

  private static Void move(Connection connection, List<MigrationInfo> ours) throws SQLException {
    Connections.update(connection, "delete from \"" + Schema.HISTORY_TABLE + "\" where \"type\" = 'BASELINE'");
    // H2's marker row has rank -1.
    long rank = Math.max(count(connection, "max(\"installed_rank\")", "\"" + Schema.HISTORY_TABLE + "\""), 0) + 1;
    try (PreparedStatement insert = connection.prepareStatement("insert into \"" + Schema.HISTORY_TABLE + "\" ("
            + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement delete = connection.prepareStatement(
            "delete from \"" + TABLE + "\" where \"installed_rank\" = ?")) {
      for (Object[] row : rowsOfOurs(connection, ours)) {
        delete.setObject(1, row[0]);
        delete.executeUpdate();
        row[0] = (int) rank++;
        for (int column = 0; column < row.length; column++) {
          insert.setObject(column + 1, row[column]);
        }
        insert.executeUpdate();
      }
    }
    if (count(connection, "count(*)", "\"" + TABLE + "\" where \"type\" <> 'TABLE'") == 0) {
      Connections.update(connection, "drop table \"" + TABLE + "\"");
    }
    return null;
  }

  /** Our rows in {@value #TABLE} in their order, with the script's name as this release has it (moved Java ones). */
  private static List<Object[]> rowsOfOurs(Connection connection, List<MigrationInfo> ours) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet history = statement.executeQuery("select " + COLUMNS + " from \"" + TABLE + "\" where "
            + MIGRATION_ROW + " order by \"installed_rank\"")) {
      while (history.next()) {
        Object[] row = new Object[10];
        for (int column = 0; column < row.length; column++) {
          row[column] = history.getObject(column + 1);
        }
        Integer checksum = row[5] == null ? null : ((Number) row[5]).intValue();
        ours.stream()
            .filter(migration -> migration.getVersion().getVersion().equals(row[1])
                && migration.getDescription().equals(row[2]) && Objects.equals(migration.getChecksum(), checksum))
            .findFirst()
            .ifPresent(migration -> {
              row[4] = migration.getScript();
              rows.add(row);
            });
      }
    }
    return rows;
  }

  /** Whether the table is in the schema; both names as the database stores them. */
  static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), schema, table, null)) {
      while (tables.next()) {
        if (table.equals(tables.getString("TABLE_NAME")) && Objects.equals(schema, tables.getString("TABLE_SCHEM"))) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code select <what> from <from>}. */
  static long count(Connection connection, String what, String from) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select " + what + " from " + from)) {
      row.next();
      return row.getLong(1);
    }
  }
}
