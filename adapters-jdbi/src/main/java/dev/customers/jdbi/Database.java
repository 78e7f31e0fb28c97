package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import dev.customers.jdbi.batch.SqlErrors;
import dev.customers.jdbi.h2.H2FileCommits;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Which database a DataSource reaches, and where: its URL without password, for messages. */
record Database(DatabaseKind kind, String where) {

  /** In an in-memory file system: rows live as objects only briefly, and space is reused at once. */
  private static final String H2_MEMORY_FILE_SYSTEM_SETTINGS = "set write_delay 100; set retention_time 0";

  Dialect dialect() {
    return kind.dialect();
  }

  /** What every connection to the database sets, if anything. */
  static Optional<String> settings(DatabaseKind kind, Durability durability) {
    return switch (kind) {
      case H2_FILE, H2_SERVER -> Optional.of(H2FileCommits.settings(kind, durability));
      case H2_MEMORY_FILE_SYSTEM -> Optional.of(H2_MEMORY_FILE_SYSTEM_SETTINGS);
      case H2_MEMORY, POSTGRESQL -> Optional.empty();
    };
  }

  /** The database by its product name; its kind by its URL, an H2 file when the URL does not tell. */
  static Database inspect(DataSource dataSource) {
    String url;
    String product;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      url = metaData.getURL();
      product = metaData.getDatabaseProductName();
    } catch (SQLException e) {
      throw new StorageUnavailableException(
          "Cannot connect to the customer database: " + SqlErrors.rootMessage(e), e);
    }
    String where = JdbcUrls.withoutPassword(url);
    Dialect dialect = Dialect.ofProductName(product).orElseThrow(() -> new IllegalArgumentException(
        "Unsupported database " + product + " at " + where + ": customers runs on H2 and PostgreSQL."));
    DatabaseKind kind = Optional.ofNullable(url).flatMap(DatabaseKind::of).filter(of -> of.dialect() == dialect)
        .orElse(dialect == Dialect.H2 ? DatabaseKind.H2_FILE : DatabaseKind.POSTGRESQL);
    return new Database(kind, where);
  }
}
