package dev.customers.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** New, empty databases on either engine, as pools the test owns. */
final class TestDatabases {

  /** Where the repository keeps its tables unless told otherwise. */
  static final OurSchema OURS = new OurSchema(OurSchema.DEFAULT);

  private TestDatabases() {}

  static HikariDataSource newDatabase(Dialect dialect, TestPostgres postgres) {
    return switch (dialect) {
      case H2 -> pool("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
      case POSTGRESQL -> pool(postgres.urlOfNewDatabase(), postgres.user(), postgres.password());
    };
  }

  static HikariDataSource pool(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /** Whether the table exists in the schema the data source's connections work in: the host's. */
  static boolean tableExists(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return tableExists(connection, connection.getSchema(), table);
    }
  }

  /** Whether the table exists in our schema. */
  static boolean ourTableExists(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return tableExists(connection, OURS.name(), table);
    }
  }

  private static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(null, null, null, null)) {
      while (tables.next()) {
        if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)
            && tables.getString("TABLE_SCHEM").equalsIgnoreCase(schema)) {
          return true;
        }
      }
      return false;
    }
  }
}
