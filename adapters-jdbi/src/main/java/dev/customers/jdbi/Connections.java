package dev.customers.jdbi;

import dev.customers.jdbi.batch.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Work on a connection of its own or in a transaction; a connection not had or lost is unavailability. */
final class Connections {

  interface ConnectionWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private Connections() {}

  static <T> T onDataSource(DataSource dataSource, ConnectionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw SqlErrors.unavailableOr(e);
    }
  }

  /** Runs {@code work} on a connection of its own; a connection that cannot be had or is lost is unavailability. */
  static <T> T onConnection(Jdbi jdbi, ConnectionWork<T> work) {
    try {
      return jdbi.withHandle(handle -> work.apply(handle.getConnection()));
    } catch (JdbiException | SQLException e) {
      throw SqlErrors.unavailableOr(e);
    }
  }

  /**
   * Runs {@code work} in a transaction, committed here, rolled back when it throws. Not Jdbi's: on a connection
   * without auto-commit (a pool may hand them out so) Jdbi would see a transaction under way and commit nothing.
   */
  static <T> T inTransaction(Connection connection, ConnectionWork<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      T result = work.apply(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Runs an update with these values for its parameters ({@link #bind}); answers the rows it changed. */
  static int update(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      return bind(statement, 1, values).executeUpdate();
    }
  }

  /** Binds the values from parameter {@code at} on; an Instant in UTC, never through the JVM's time zone. */
  static PreparedStatement bind(PreparedStatement statement, int at, Object... values) throws SQLException {
    for (Object value : values) {
      if (value instanceof Instant instant) {
        statement.setObject(at++, EventStatements.utc(instant), Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(at++, value);
      }
    }
    return statement;
  }
}
