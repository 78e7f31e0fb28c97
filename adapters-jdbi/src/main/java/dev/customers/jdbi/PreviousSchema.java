package dev.customers.jdbi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Moves our tables from the default schema, where earlier releases kept them, into {@link OurSchema} with their
 * history and every row (docs/storage.md, "Tables in the default schema"). H2 commits DDL at once, so the next
 * start finishes a move that stopped half-way: an old history table there and empty says the rows were copied.
 */
final class PreviousSchema {

  /** The tables of our migrations, those referred to before those that refer to them; older versions lack some. */
  private static final List<String> TABLES =
      List.of("customers", "addresses", "tags", "idempotency_keys", "customer_events", "rate_limit_buckets");
  private static final List<String> WITH_IDENTITY = List.of("customers", "addresses");

  private PreviousSchema() {}

  /** Moves our tables if the default schema holds our history; the two Flyways: ours there and here. */
  static void moveOurs(DataSource dataSource, Dialect dialect, OurSchema schema, Flyway inTheDefaultSchema,
      Flyway ours, String where) {
    String to = schema.stored(dialect);
    String from = null;
    try (Connection connection = dataSource.getConnection()) {
      from = connection.getSchema();
      if (from == null || from.equals(to) || !PreviousHistory.tableExists(connection, from, Schema.HISTORY_TABLE)) {
        return;
      }
      if (dialect == Dialect.POSTGRESQL) {
        moveOnPostgres(connection, from, to);
      } else {
        if (PreviousHistory.count(connection, "count(*)", quote(from) + "." + quote(Schema.HISTORY_TABLE)) > 0) {
          copyOnH2(connection, from, to, inTheDefaultSchema, ours, where);
        }
        dropOnH2(connection, from, to);
      }
    } catch (SQLException | FlywayException e) {
      // Another process starting on the same database may have moved them first.
      if (from == null || stillToMove(dataSource, from)) {
        throw new IllegalStateException("Could not move the customer tables at " + where + " from the schema "
            + from + " to the schema " + to + ". Cause: " + e.getMessage(), e);
      }
    }
  }

  private static void moveOnPostgres(Connection connection, String from, String to) throws SQLException {
    Connections.inTransaction(connection, on -> {
      Connections.update(on, "create schema if not exists " + quote(to));
      for (String table : withHistory(TABLES)) {
        if (PreviousHistory.tableExists(on, from, table)) {
          Connections.update(on, "alter table " + quote(from) + "." + quote(table) + " set schema " + quote(to));
        }
      }
      return null;
    });
  }

  /** Makes our tables in our schema at the version of those in {@code from}, and copies their rows and history. */
  private static void copyOnH2(Connection connection, String from, String to, Flyway inTheDefaultSchema,
      Flyway ours, String where) throws SQLException {
    MigrationInfoService before = inTheDefaultSchema.info();
    Schema.refuseFailedMigration(before, Dialect.H2, where);
    MigrationInfo current = before.current();
    Flyway.configure(ours.getConfiguration().getClassLoader())
        .configuration(ours.getConfiguration())
        .target(current == null ? MigrationVersion.fromVersion("0") : current.getVersion())
        .load()
        .migrate();
    Connections.inTransaction(connection, on -> {
      for (String table : onH2(TABLES)) {
        if (PreviousHistory.tableExists(on, from, table)) {
          String columns = String.join(", ", writtenColumns(on, from, table));
          Connections.update(on, "insert into " + quote(to) + "." + quote(table) + " (" + columns + ") select "
              + columns + " from " + quote(from) + "." + quote(table));
        }
      }
      String history = quote(Schema.HISTORY_TABLE);
      Connections.update(on, "delete from " + quote(to) + "." + history);
      Connections.update(on, "insert into " + quote(to) + "." + history + " (" + PreviousHistory.COLUMNS
          + ") select " + PreviousHistory.COLUMNS + " from " + quote(from) + "." + history);
      Connections.update(on, "delete from " + quote(from) + "." + history);
      return null;
    });
  }

  /** Once the rows are copied: ids continue after the highest copied, and the old tables go, the history last. */
  private static void dropOnH2(Connection connection, String from, String to) throws SQLException {
    for (String table : onH2(WITH_IDENTITY)) {
      if (PreviousHistory.tableExists(connection, to, table)) {
        String name = quote(to) + "." + quote(table);
        long next = PreviousHistory.count(connection, "coalesce(max(id), 0) + 1", name);
        Connections.update(connection, "alter table " + name + " alter column id restart with " + next);
      }
    }
    List<String> referredLast = new ArrayList<>(withHistory(onH2(TABLES)));
    Collections.reverse(referredLast);
    for (String table : referredLast) {
      Connections.update(connection, "drop table if exists " + quote(from) + "." + quote(table));
    }
  }

  /** The columns a row is written with: all but the generated ones (H2's {@code email_key}). */
  private static List<String> writtenColumns(Connection connection, String schema, String table)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rows = connection.getMetaData().getColumns(connection.getCatalog(), schema, table, null)) {
      while (rows.next()) {
        if (schema.equals(rows.getString("TABLE_SCHEM")) && table.equals(rows.getString("TABLE_NAME"))
            && !"YES".equals(rows.getString("IS_GENERATEDCOLUMN"))) {
          columns.add(quote(rows.getString("COLUMN_NAME")));
        }
      }
    }
    return columns;
  }

  private static boolean stillToMove(DataSource dataSource, String from) {
    try (Connection connection = dataSource.getConnection()) {
      return PreviousHistory.tableExists(connection, from, Schema.HISTORY_TABLE);
    } catch (SQLException e) {
      return true;
    }
  }

  /** Our tables as H2 keeps their names: in upper case, as they were created unquoted. */
  private static List<String> onH2(List<String> tables) {
    return tables.stream().map(table -> table.toUpperCase(Locale.ROOT)).toList();
  }

  /** The history table (Flyway quotes its name, so it keeps its case on H2 too) after the others. */
  private static List<String> withHistory(List<String> tables) {
    List<String> all = new ArrayList<>(tables);
    all.add(Schema.HISTORY_TABLE);
    return all;
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
