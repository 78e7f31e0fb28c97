package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** What a failure of the database means to the repository: a taken email, an unreachable database, or a fault. */
final class SqlErrors {

  /** The only unique key a save can break: ids and positions are generated. */
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int MAX_CAUSES = 32;

  private SqlErrors() {}

  /** Whether {@code e} says a unique key was broken: for a save, that the email is taken. */
  static boolean isUniqueViolation(Exception e) {
    return sqlExceptions(e).anyMatch(sql -> UNIQUE_VIOLATION.equals(sql.getSQLState()));
  }

  /**
   * Connection failures become the domain's exception; anything else is a fault to report as it is, a bare
   * SQLException of the inserts wrapped as Jdbi would have.
   */
  static RuntimeException unavailableOr(Exception e) {
    boolean connectionFailed = e instanceof ConnectionException
        || sqlExceptions(e).anyMatch(sql -> sql instanceof SQLTransientConnectionException
            || sql instanceof SQLNonTransientConnectionException
            || sql.getSQLState() != null
                // 08: connection exception; 57P0x: the server is shutting down or not yet up.
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0")));
    if (connectionFailed) {
      return new StorageUnavailableException("The customer database cannot be reached: " + rootMessage(e), e);
    }
    return e instanceof RuntimeException runtime ? runtime : new UnableToExecuteStatementException(e, null);
  }

  /** The SQLExceptions among the causes of {@code e}, each followed by its chain of next exceptions. */
  private static Stream<SQLException> sqlExceptions(Throwable e) {
    List<SQLException> found = new ArrayList<>();
    for (Throwable cause : causes(e)) {
      if (cause instanceof SQLException sql) {
        for (SQLException next = sql; next != null && found.size() < MAX_CAUSES; next = next.getNextException()) {
          found.add(next);
        }
      }
    }
    return found.stream();
  }

  static String rootMessage(Throwable e) {
    List<Throwable> causes = causes(e);
    Throwable root = causes.get(causes.size() - 1);
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /** {@code e} and its causes, bounded: a cause chain may loop. */
  private static List<Throwable> causes(Throwable e) {
    List<Throwable> causes = new ArrayList<>();
    for (Throwable cause = e; cause != null && causes.size() < MAX_CAUSES; cause = cause.getCause()) {
      causes.add(cause);
      if (cause.getCause() == cause) {
        break;
      }
    }
    return causes;
  }
}
