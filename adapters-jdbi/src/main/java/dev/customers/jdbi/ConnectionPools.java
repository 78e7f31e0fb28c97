package dev.customers.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import dev.customers.jdbi.batch.SqlErrors;
import java.sql.SQLException;
import java.time.Duration;

/** The HikariCP pool {@link JdbiCustomerRepository#open} makes: bounded waits, an H2 file's settings. */
final class ConnectionPools {

  private static final long CONNECTION_TIMEOUT_MILLIS = 2_000;
  private static final long VALIDATION_TIMEOUT_MILLIS = 1_000;
  private static final long SOCKET_TIMEOUT_SECONDS = 5;
  /** Opening waits for another process to let go of an H2 file longer than a stop takes: a restart may overlap. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(30);
  private static final long LOCK_RETRY_MILLIS = 250;
  /** H2's error code for a file another process has open: "Database may be already in use". */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private ConnectionPools() {}

  /**
   * A pool with these settings and {@code poolMetrics} (a MeterRegistry or null, untyped as HikariCP takes it).
   *
   * @throws IllegalArgumentException for a URL of another database than H2 and PostgreSQL
   * @throws StorageUnavailableException when HikariCP cannot make its first connection, or another process
   *     still holds an H2 file after {@code lockWait}
   */
  static HikariDataSource open(String jdbcUrl, String user, String password, Durability durability,
      Object poolMetrics, Duration lockWait) {
    String where = JdbcUrls.withoutPassword(jdbcUrl);
    // Checked before HikariCP sees the URL: its message for an unknown one would quote the password too.
    DatabaseKind kind = DatabaseKind.of(jdbcUrl).orElseThrow(() -> new IllegalArgumentException("Unsupported database "
        + "URL " + where + ": customers runs on H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql:...)."));
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      try {
        HikariConfig config = config(jdbcUrl, user, password, kind, durability);
        config.setMetricRegistry(poolMetrics);
        return new HikariDataSource(config);
      } catch (RuntimeException e) {
        if (!SqlErrors.hasErrorCode(e, H2_DATABASE_ALREADY_OPEN)) {
          throw new StorageUnavailableException("Cannot connect to the customer database at " + where
              + (user == null ? "" : " as user \"" + user + "\"") + ": " + SqlErrors.rootMessage(e), e);
        }
        if (System.nanoTime() >= deadline) {
          throw new StorageUnavailableException("The H2 file of " + where + " is held by another process (H2 "
              + "locks the file while a database is open; waited " + lockWait.toSeconds() + " s for it to let "
              + "go). Stop the other server or program using this file, or give this one a file of its own.", e);
        }
        try {
          Thread.sleep(LOCK_RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StorageUnavailableException("Interrupted while waiting for the H2 file's lock", interrupted);
        }
      }
    }
  }

  private static HikariConfig config(String jdbcUrl, String user, String password, DatabaseKind kind,
      Durability durability) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("customers");
    config.setJdbcUrl(JdbcUrls.closedByThePool(jdbcUrl));
    config.setUsername(user);
    config.setPassword(password);
    // A request waits at most this long for a connection, then hears StorageUnavailableException.
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
    // On every connection: H2 forgets WRITE_DELAY when it reopens a database.
    Database.settings(kind, durability).ifPresent(config::setConnectionInitSql);
    if (kind.isH2()) {
      // H2 closes a database whose file it could not write: its connections go, the next ones reopen the file.
      config.setExceptionOverride(new SQLExceptionOverride() {
        @java.lang.Override
        public Override adjudicate(SQLException failed) {
          return SqlErrors.H2_STORAGE_FAILED.contains(failed.getErrorCode())
              ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
      });
    }
    if (kind == DatabaseKind.POSTGRESQL) {
      // Else a statement waits for ever on a database that hangs; a socketTimeout in the URL wins over this one.
      config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_SECONDS));
      // The server's detail of an error quotes personal data ("Key (email)=..."): kept out of messages and logs.
      config.addDataSourceProperty("logServerErrorDetail", "false");
    }
    return config;
  }
}
