package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.anAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.batch.SqlErrors;
import dev.customers.testkit.FixedClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A save that fails after it has written the customer, its addresses and its tags, and before its commit, leaves
 * none of them, and no event and no idempotency key: the event's insert, the save's last statement, is refused by
 * the connection, as a database failing half-way would. On PostgreSQL a save without a key is one statement
 * ({@link PostgresSave}); there the database itself refuses the event's row inside that statement.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SaveFailingHalfWayTest {

  private static final List<String> TABLES =
      List.of("customers", "addresses", "idempotency_keys", "customer_events");

  enum Storage { H2_IN_MEMORY, H2_FILE, POSTGRESQL }

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @TempDir
  static Path directory;

  @ParameterizedTest
  @EnumSource(Storage.class)
  void a_save_whose_event_cannot_be_written_leaves_no_customer_addresses_tags_event_or_key(Storage storage)
      throws Exception {
    RefusingStatements refusing = new RefusingStatements("insert into customers.customer_events");
    try (HikariDataSource database = database(storage);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(database);
        JdbiCustomerRepository failing = JdbiCustomerRepository.over(refusing.over(database))) {
      Customer customer = aCustomer()
          .addresses(List.of(anAddress().build(), anAddress().line1("2 Second Street").isDefaultForBilling(false)
              .isDefaultForShipping(false).build()))
          .tags(List.of("one", "two", "three"))
          .build();
      Instant now = FixedClock.DEFAULT_INSTANT;
      KeyedRequest request = new KeyedRequest(new IdempotencyKey("owner", "key-" + UUID.randomUUID()), "request",
          now, now.plus(Duration.ofHours(24)));
      Map<String, Long> before = rowCounts(database);
      if (storage == Storage.POSTGRESQL) {
        // Every row it would insert breaks this; the statement has inserted the customer, addresses and tags first.
        execute(database, "alter table customers.customer_events add constraint refused_by_the_test check (customer_id < 0)");
      }
      refusing.reset();

      Throwable plain = catchThrowable(() -> failing.save(customer));
      Throwable keyed = catchThrowable(() -> failing.save(customer, request));

      List<Throwable> refused = storage == Storage.POSTGRESQL ? List.of(keyed) : List.of(plain, keyed);
      for (Throwable thrown : refused) {
        assertThat(thrown).isNotNull().isNotInstanceOf(StorageUnavailableException.class);
        assertThat(SqlErrors.rootMessage(thrown)).isEqualTo(RefusingStatements.MESSAGE);
      }
      if (storage == Storage.POSTGRESQL) {
        assertThat(plain).as("one statement, which the database refuses at the event's row").isNotNull()
            .isNotInstanceOf(StorageUnavailableException.class);
        assertThat(SqlErrors.rootMessage(plain)).contains("refused_by_the_test");
      }
      assertThat(refusing.executed()).as("written before the event").containsExactlyElementsOf(
          storage == Storage.POSTGRESQL ? List.of(
              "with given as (",
              "insert into customers.idempotency_keys (owner, idempotency_key, fingerprint, expires_at) values (?, ?, ?, ?)",
              "insert into customers.customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,",
              "insert into customers.addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,")
          : List.of(
          "insert into customers.customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,",
          "insert into customers.addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,",
          "insert into customers.idempotency_keys (owner, idempotency_key, fingerprint, expires_at) values (?, ?, ?, ?)",
          "insert into customers.customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,",
          "insert into customers.addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,"));
      assertThat(rowCounts(database)).isEqualTo(before);
      if (storage == Storage.POSTGRESQL) {
        execute(database, "alter table customers.customer_events drop constraint refused_by_the_test");
      }
      assertThat(repository.emailTaken(customer.email())).isFalse();

      SaveResult retried = repository.save(customer, request);

      assertThat(retried).as("neither the email nor the key is taken").isInstanceOf(SaveResult.Saved.class);
      Customer saved = ((SaveResult.Saved) retried).customer();
      assertThat(repository.eventsOf(saved.id().orElseThrow())).hasSize(1);
      Map<String, Long> after = rowCounts(database);
      assertThat(after.get("customers")).isEqualTo(before.get("customers") + 1);
      assertThat(after.get("addresses")).isEqualTo(before.get("addresses") + 2);
      assertThat(repository.findById(saved.id().orElseThrow()).orElseThrow().tags()).containsExactly("one", "two",
          "three");
      assertThat(after.get("idempotency_keys")).isEqualTo(before.get("idempotency_keys") + 1);
      assertThat(after.get("customer_events")).isEqualTo(before.get("customer_events") + 1);
    }
  }

  private static HikariDataSource database(Storage storage) {
    return switch (storage) {
      case H2_IN_MEMORY -> TestDatabases.newDatabase(Dialect.H2, postgres);
      case H2_FILE -> TestDatabases.pool("jdbc:h2:file:" + directory.resolve("customers-" + UUID.randomUUID()),
          "sa", "");
      case POSTGRESQL -> TestDatabases.newDatabase(Dialect.POSTGRESQL, postgres);
    };
  }

  private static void execute(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Map<String, Long> rowCounts(DataSource database) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet count = statement.executeQuery("select count(*) from customers." + table)) {
          count.next();
          counts.put(table, count.getLong(1));
        }
      }
    }
    return counts;
  }
}
