package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Which database a DataSource reaches, and where: its URL without password, for messages. */
record Database(Dialect dialect, String where) {

  private static final String H2_MEMORY = "jdbc:h2:mem:";
  /**
   * H2's file systems in memory: the database keeps its pages serialized in them (compressed with COMPRESS=TRUE)
   * instead of as objects; as volatile as {@code mem:}, so no commit has to be made durable.
   */
  private static final Pattern H2_MEMORY_FILE_SYSTEM =
      Pattern.compile("^jdbc:h2:(memFS|memLZF|nioMemFS|nioMemLZF):");
  /**
   * What every connection to a database in an in-memory file system sets: H2 stores its changes in the background
   * every 100 ms (instead of 500), so that the rows of a write live as objects in the heap only briefly, and a
   * chunk's space is reused as soon as it holds no live page (nothing is to be recovered from an older state).
   */
  private static final String H2_MEMORY_FILE_SYSTEM_SETTINGS = "set write_delay 100; set retention_time 0";

  boolean isH2File() {
    return isH2File(dialect, where);
  }

  /** An H2 database kept in a file (or in an H2 server): where commits have to be made durable. */
  static boolean isH2File(Dialect dialect, String jdbcUrl) {
    return dialect == Dialect.H2 && !jdbcUrl.startsWith(H2_MEMORY) && !isH2InMemoryFileSystem(dialect, jdbcUrl);
  }

  /**
   * What every connection to the database sets, if anything: on an H2 file commits stored as they are made
   * ({@link H2FileCommits#settings}), in an in-memory file system frequent background stores.
   */
  static Optional<String> settings(Dialect dialect, String jdbcUrl, Durability durability) {
    if (isH2File(dialect, jdbcUrl)) {
      return Optional.of(H2FileCommits.settings(jdbcUrl, durability));
    }
    return isH2InMemoryFileSystem(dialect, jdbcUrl) ? Optional.of(H2_MEMORY_FILE_SYSTEM_SETTINGS) : Optional.empty();
  }

  /** An H2 database in one of H2's in-memory file systems ({@code jdbc:h2:memFS:}, ...). */
  static boolean isH2InMemoryFileSystem(Dialect dialect, String jdbcUrl) {
    return dialect == Dialect.H2 && H2_MEMORY_FILE_SYSTEM.matcher(jdbcUrl).find();
  }

  static Database inspect(DataSource dataSource) {
    String where;
    String product;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      where = JdbcUrls.withoutPassword(metaData.getURL());
      product = metaData.getDatabaseProductName();
    } catch (SQLException e) {
      throw new StorageUnavailableException(
          "Cannot connect to the customer database: " + SqlErrors.rootMessage(e), e);
    }
    Dialect dialect = Dialect.ofProductName(product).orElseThrow(() -> new IllegalArgumentException(
        "Unsupported database " + product + " at " + where + ": customers runs on H2 and PostgreSQL."));
    return new Database(dialect, where);
  }
}
