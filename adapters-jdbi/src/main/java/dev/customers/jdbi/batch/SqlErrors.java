package dev.customers.jdbi.batch;

import dev.customers.domain.StorageUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** What a failure of the database means to the repository: a taken email, an unreachable database, or a fault. */
public final class SqlErrors {

  /** A unique key broken: the email's, or an idempotency key's (the statement that failed tells which). */
  private static final String UNIQUE_VIOLATION = "23505";
  /** A row another transaction holds waited for too long: H2's lock timeout or concurrent update, PostgreSQL's. */
  private static final Set<String> LOCK_TIMEOUTS = Set.of("HYT00", "90131", "55P03");
  private static final int MAX_CAUSES = 32;
  /** H2 could not read or write its file, or closed the database after it could not (IO, disk full, closed). */
  public static final Set<Integer> H2_STORAGE_FAILED = Set.of(50000, 90028, 90031, 90100, 90098, 90121);

  private SqlErrors() {}

  /** Whether {@code e} says a unique key was broken. */
  public static boolean isUniqueViolation(Exception e) {
    return sqlExceptions(e).anyMatch(sql -> UNIQUE_VIOLATION.equals(sql.getSQLState()));
  }

  /** Whether {@code e} says a row stayed locked by another transaction for longer than the lock timeout. */
  public static boolean isLockTimeout(Exception e) {
    return sqlExceptions(e).anyMatch(sql -> LOCK_TIMEOUTS.contains(sql.getSQLState()));
  }

  /** Whether {@code e} or one of its causes is an SQLException with this vendor error code. */
  public static boolean hasErrorCode(Throwable e, int code) {
    return sqlExceptions(e).anyMatch(sql -> sql.getErrorCode() == code);
  }

  /**
   * A lost connection or a database that cannot write its files becomes the domain's exception; anything else is a
   * fault to report as it is (a bare SQLException wrapped as Jdbi would have).
   */
  public static RuntimeException unavailableOr(Exception e) {
    boolean connectionFailed = e instanceof ConnectionException
        || causes(e).stream().anyMatch(IOException.class::isInstance)
        || sqlExceptions(e).anyMatch(sql -> sql instanceof SQLTransientConnectionException
            || sql instanceof SQLNonTransientConnectionException
            || H2_STORAGE_FAILED.contains(sql.getErrorCode()) && sql.getClass().getName().startsWith("org.h2.")
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

  public static String rootMessage(Throwable e) {
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
