package dev.customers.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Our migrations as earlier releases recorded them: in Flyway's default history table, {@value #TABLE}, which a
 * host application's own Flyway uses too. On the first start of this release our rows move to
 * {@value Schema#HISTORY_TABLE}, as this release would have written them, and the host's rows stay; the table
 * goes when nothing of the host's is left in it.
 *
 * <p>A row is ours when its version, description and checksum are those of one of our migrations: a host's own
 * version 1 stays the host's. PostgreSQL moves the rows in one transaction; H2 commits DDL at once, so there the
 * tables are made and dropped in commits of their own, and a start that stops half-way is finished by the next.
 */
final class PreviousHistory {

  static final String TABLE = "flyway_schema_history";

  static final String COLUMNS = "\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
      + "\"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\"";
  /** The rows of migrations applied, or tried, rather than Flyway's markers (a baseline, H2's table created). */
  private static final String MIGRATION_ROW = "\"type\" in ('SQL', 'JDBC')";

  private PreviousHistory() {}

  /**
   * Moves our rows out of {@value #TABLE} unless {@value Schema#HISTORY_TABLE} already records a migration.
   *
   * @param flyway configured with our migrations and history table
   * @throws IllegalStateException when rows to move are there and cannot be moved
   */
  static void moveOurs(DataSource dataSource, Flyway flyway, String where) {
    try {
      if (!mayHoldOurs(dataSource)) {
        return;
      }
      // Nothing of ours is applied yet where Flyway looks now: every migration is pending, with its checksum.
      List<MigrationInfo> ours = Arrays.asList(flyway.info().pending());
      try (Connection connection = dataSource.getConnection()) {
        if (rowsOfOurs(connection, ours).isEmpty()) {
          return;
        }
        if (!tableExists(connection, Schema.HISTORY_TABLE)) {
          // Flyway makes its table as it makes it for a migration; the baseline row goes with the move.
          flyway.baseline();
        }
        move(connection, ours);
      }
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

  private static boolean mayHoldOurs(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return mayHoldOurs(connection);
    }
  }

  /** Whether {@value #TABLE} is there and ours records no migration (is missing, or was left half-made). */
  private static boolean mayHoldOurs(Connection connection) throws SQLException {
    if (!tableExists(connection, TABLE)) {
      return false;
    }
    if (!tableExists(connection, Schema.HISTORY_TABLE)) {
      return true;
    }
    try (Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("select count(*) from \"" + Schema.HISTORY_TABLE + "\" where "
            + MIGRATION_ROW)) {
      count.next();
      return count.getLong(1) == 0;
    }
  }

  private static void move(Connection connection, List<MigrationInfo> ours) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("delete from \"" + Schema.HISTORY_TABLE + "\" where \"type\" = 'BASELINE'");
      List<Row> rows = rowsOfOurs(connection, ours);
      int rank = nextRank(statement);
      try (PreparedStatement insert = connection.prepareStatement("insert into \"" + Schema.HISTORY_TABLE + "\" ("
              + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement delete = connection.prepareStatement(
              "delete from \"" + TABLE + "\" where \"installed_rank\" = ?")) {
        for (Row row : rows) {
          row.insert(insert, rank++);
          delete.setInt(1, row.installedRank);
          delete.executeUpdate();
        }
      }
      if (isEmptyButForMarkers(statement)) {
        statement.execute("drop table \"" + TABLE + "\"");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static int nextRank(Statement statement) throws SQLException {
    try (ResultSet max = statement.executeQuery(
        "select max(\"installed_rank\") from \"" + Schema.HISTORY_TABLE + "\"")) {
      max.next();
      // H2's marker row has rank -1.
      return Math.max(max.getInt(1), 0) + 1;
    }
  }

  private static boolean isEmptyButForMarkers(Statement statement) throws SQLException {
    try (ResultSet count = statement.executeQuery(
        "select count(*) from \"" + TABLE + "\" where \"type\" <> 'TABLE'")) {
      count.next();
      return count.getLong(1) == 0;
    }
  }

  /** Our rows in {@value #TABLE}, in the order they were applied. */
  private static List<Row> rowsOfOurs(Connection connection, List<MigrationInfo> ours) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet history = statement.executeQuery("select " + COLUMNS + " from \"" + TABLE + "\" where "
            + MIGRATION_ROW + " order by \"installed_rank\"")) {
      while (history.next()) {
        Row row = Row.read(history);
        row.ours(ours).ifPresent(migration -> rows.add(row.as(migration)));
      }
    }
    return rows;
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    return tableExists(connection, connection.getSchema(), table);
  }

  /** Whether the table is in the schema; both names as the database stores them. */
  static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), schema, table, null)) {
      while (tables.next()) {
        if (table.equals(tables.getString("TABLE_NAME"))
            && Objects.equals(schema, tables.getString("TABLE_SCHEM"))) {
          return true;
        }
      }
      return false;
    }
  }

  /** A row of a Flyway history table. */
  private record Row(int installedRank, String version, String description, String type, String script,
      Integer checksum, String installedBy, Timestamp installedOn, int executionTime, boolean success) {

    static Row read(ResultSet history) throws SQLException {
      Number checksum = (Number) history.getObject("checksum");
      return new Row(history.getInt("installed_rank"), history.getString("version"),
          history.getString("description"), history.getString("type"), history.getString("script"),
          checksum == null ? null : checksum.intValue(), history.getString("installed_by"),
          history.getTimestamp("installed_on"), history.getInt("execution_time"), history.getBoolean("success"));
    }

    Optional<MigrationInfo> ours(List<MigrationInfo> migrations) {
      return migrations.stream()
          .filter(migration -> migration.getVersion().getVersion().equals(version)
              && migration.getDescription().equals(description)
              && Objects.equals(migration.getChecksum(), checksum))
          .findFirst();
    }

    /** With the script's name as this release has it: the Java migration moved to a package of ours. */
    Row as(MigrationInfo migration) {
      return new Row(installedRank, version, description, type, migration.getScript(), checksum, installedBy,
          installedOn, executionTime, success);
    }

    void insert(PreparedStatement insert, int rank) throws SQLException {
      insert.setInt(1, rank);
      insert.setString(2, version);
      insert.setString(3, description);
      insert.setString(4, type);
      insert.setString(5, script);
      if (checksum == null) {
        insert.setNull(6, Types.INTEGER);
      } else {
        insert.setInt(6, checksum);
      }
      insert.setString(7, installedBy);
      insert.setTimestamp(8, installedOn);
      insert.setInt(9, executionTime);
      insert.setBoolean(10, success);
      insert.executeUpdate();
    }
  }
}
