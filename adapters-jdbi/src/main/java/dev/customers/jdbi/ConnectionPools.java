package dev.customers.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.StorageUnavailableException;

/**
 * The HikariCP settings of the pool {@link JdbiCustomerRepository#open} makes: bounded waits everywhere, and on an
 * H2 file the settings {@link H2FileCommits} relies on.
 */
final class ConnectionPools {

  private static final long CONNECTION_TIMEOUT_MILLIS = 2_000;
  private static final long VALIDATION_TIMEOUT_MILLIS = 1_000;
  private static final long SOCKET_TIMEOUT_SECONDS = 5;

  private ConnectionPools() {}

  /**
   * A pool with these settings, and {@code poolMetrics} (a Micrometer MeterRegistry, or null) as its metrics. Untyped
   * as HikariCP takes it, so that a pool without metrics needs no Micrometer on the class path.
   *
   * @throws IllegalArgumentException for a URL of another database than H2 and PostgreSQL
   * @throws StorageUnavailableException when HikariCP cannot make its first connection
   */
  static HikariDataSource open(String jdbcUrl, String user, String password, Object poolMetrics) {
    String where = JdbcUrls.withoutPassword(jdbcUrl);
    // Checked before HikariCP sees the URL: its message for an unknown one would quote the password too.
    Dialect dialect = Dialect.ofUrl(jdbcUrl).orElseThrow(() -> new IllegalArgumentException("Unsupported database "
        + "URL " + where + ": customers runs on H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql:...)."));
    try {
      HikariConfig config = config(jdbcUrl, user, password, dialect);
      config.setMetricRegistry(poolMetrics);
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StorageUnavailableException("Cannot connect to the customer database at " + where
          + (user == null ? "" : " as user \"" + user + "\"") + ": " + SqlErrors.rootMessage(e), e);
    }
  }

  private static HikariConfig config(String jdbcUrl, String user, String password, Dialect dialect) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("customers");
    config.setJdbcUrl(JdbcUrls.closedByThePool(jdbcUrl));
    config.setUsername(user);
    config.setPassword(password);
    // A request waits at most this long for a connection, then hears StorageUnavailableException.
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
    // On every connection: H2 forgets WRITE_DELAY when it reopens a database.
    Database.settings(dialect, jdbcUrl).ifPresent(config::setConnectionInitSql);
    if (dialect == Dialect.POSTGRESQL) {
      // Without it a statement waits for ever on a database that hangs (a frozen host, a lost network), and the
      // request thread with it. The driver takes seconds; a socketTimeout in the URL wins over this one.
      config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_SECONDS));
      // The server's detail of an error ("Key (email)=(...) already exists") quotes personal data; keep it out
      // of exception messages and so out of logs.
      config.addDataSourceProperty("logServerErrorDetail", "false");
    }
    return config;
  }
}
