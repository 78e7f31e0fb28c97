package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.events.EventOutbox.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

  /** Each row the query answers, its columns joined by spaces, a time as an instant. */
  static List<String> rows(DataSource dataSource, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      while (row.next()) {
        List<String> columns = new ArrayList<>();
        for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
          Object value = row.getObject(column);
          columns.add(String.valueOf(value instanceof Timestamp time ? time.toInstant() : value));
        }
        rows.add(String.join(" ", columns));
      }
    }
    return rows;
  }

  /** A request under a key, for a customer saved before a move of the tables or their history. */
  static KeyedRequest aKeyedRequest() {
    return new KeyedRequest(new IdempotencyKey("owner-hash", "key-" + UUID.randomUUID()), "fingerprint",
        Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS));
  }

  /** After a move: the customer saved under {@code request} is found, replayed, its event pending; saves go on. */
  static void assertKept(JdbiCustomerRepository repository, Customer stored, KeyedRequest request) {
    assertThat(repository.findById(stored.id().orElseThrow())).contains(stored);
    assertThat(repository.save(aCustomer().build(), request)).isEqualTo(new SaveResult.Replayed(stored));
    assertThat(repository.eventsOf(stored.id().orElseThrow()))
        .singleElement().satisfies(event -> assertThat(event.status()).isEqualTo(Status.PENDING));
    assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
  }
}
