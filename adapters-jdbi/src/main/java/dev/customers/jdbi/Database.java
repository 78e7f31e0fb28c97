package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Which database a DataSource reaches, and where: its URL without password, for messages. */
record Database(Dialect dialect, String where) {

  private static final String H2_MEMORY = "jdbc:h2:mem:";

  boolean isH2File() {
    return isH2File(dialect, where);
  }

  /** An H2 database kept in a file (or in an H2 server): where commits have to be made durable. */
  static boolean isH2File(Dialect dialect, String jdbcUrl) {
    return dialect == Dialect.H2 && !jdbcUrl.startsWith(H2_MEMORY);
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
