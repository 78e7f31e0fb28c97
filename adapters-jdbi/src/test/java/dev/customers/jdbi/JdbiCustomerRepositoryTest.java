package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.anAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.Metadata;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.testkit.FixedClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the contract cannot see: how the repository uses each database. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JdbiCustomerRepositoryTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void metadata_is_stored_as_a_json_object_not_as_a_quoted_string(Dialect dialect) throws Exception {
    String query = switch (dialect) {
      case H2 -> "select metadata is json object, cast(metadata as varchar) from customers.customers where id = ?";
      case POSTGRESQL -> "select jsonb_typeof(metadata) = 'object', metadata::text from customers.customers where id = ?";
    };
    try (HikariDataSource database = newDatabase(dialect, postgres);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
      Customer saved = saved(repository.save(
          aCustomer().metadata(Metadata.of(Map.of("order", Map.of("items", List.of(1, 2))))).build()));

      try (Connection connection = database.getConnection();
          PreparedStatement statement = connection.prepareStatement(query)) {
        statement.setLong(1, saved.id().orElseThrow().value());
        try (ResultSet row = statement.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getBoolean(1)).as("stored as a JSON object").isTrue();
          assertThat(row.getString(2).replace(" ", "")).isEqualTo("{\"order\":{\"items\":[1,2]}}");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_save_executes_at_most_one_statement_per_table_and_a_find_at_most_two(Dialect dialect) {
    ExecutionCounter counter = new ExecutionCounter();
    try (HikariDataSource database = newDatabase(dialect, postgres);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(counter.counting(database))) {
      Customer customer = aCustomer()
          .addresses(List.of(anAddress().build(),
              anAddress().line1("2 Second Street").isDefaultForBilling(false).isDefaultForShipping(false).build(),
              anAddress().line1("3 Third Street").isDefaultForBilling(false).isDefaultForShipping(false).build()))
          .tags(List.of("one", "two", "three", "four", "five"))
          .build();

      counter.reset();
      Customer saved = saved(repository.save(customer));
      int saveExecutions = counter.executions();
      counter.reset();
      repository.findById(saved.id().orElseThrow());
      int findExecutions = counter.executions();

      if (dialect == Dialect.POSTGRESQL) {
        assertThat(saveExecutions).as("customer with its tags, addresses and event in one statement")
            .isEqualTo(1);
      } else {
        assertThat(saveExecutions).as("customer with its tags, addresses batch, event").isEqualTo(3);
      }
      assertThat(findExecutions).as("customer with its tags, addresses").isLessThanOrEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_save_is_committed_when_the_callers_pool_hands_out_connections_without_auto_commit(Dialect dialect)
      throws Exception {
    try (HikariDataSource database = newDatabase(dialect, postgres);
        HikariDataSource withoutAutoCommit = withoutAutoCommit(database)) {
      Instant now = FixedClock.DEFAULT_INSTANT;
      KeyedRequest request = new KeyedRequest(new IdempotencyKey("owner", "key-" + UUID.randomUUID()), "request",
          now, now.plus(Duration.ofHours(24)));
      List<Customer> saved;
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(withoutAutoCommit)) {
        saved = List.of(
            saved(repository.save(aCustomer().tags(List.of("one")).addresses(List.of(anAddress().build())).build())),
            saved(repository.save(aCustomer().email("keyed@example.com").build(), request)));
      }

      try (JdbiCustomerRepository other = JdbiCustomerRepository.over(database)) {
        for (Customer customer : saved) {
          assertThat(other.findById(customer.id().orElseThrow())).contains(customer);
          assertThat(other.eventsOf(customer.id().orElseThrow())).hasSize(1);
        }
        assertThat(other.save(aCustomer().email("again@example.com").build(), request))
            .as("the key was committed with its customer").isInstanceOf(SaveResult.Replayed.class);
      }
    }
  }

  private static HikariDataSource withoutAutoCommit(HikariDataSource database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.getJdbcUrl());
    config.setUsername(database.getUsername());
    config.setPassword(database.getPassword());
    config.setMaximumPoolSize(2);
    config.setAutoCommit(false);
    return new HikariDataSource(config);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void the_events_checks_hold_on_connections_opened_after_the_one_that_migrated_the_schema_closed(Dialect dialect) {
    // H2 2.4.240 evaluates some checks (an IN list) with the session that made the table: a pool retires that
    // connection after a while (maxLifetime), and from then on such a check failed every insert.
    boolean h2 = dialect == Dialect.H2;
    String url = h2 ? "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" : postgres.urlOfNewDatabase();
    String user = h2 ? "sa" : postgres.user();
    String password = h2 ? "" : postgres.password();
    try (HikariDataSource migrating = TestDatabases.pool(url, user, password);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(migrating)) {
      assertThat(repository.isAvailable()).isTrue();
    }
    try (HikariDataSource database = TestDatabases.pool(url, user, password);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
      List<Customer> saved = List.of(saved(repository.save(aCustomer().build())),
          saved(repository.save(aCustomer().build())), saved(repository.save(aCustomer().build())));
      Instant now = FixedClock.DEFAULT_INSTANT;
      List<Claimed> claimed = repository.claimDue(now, now.plusSeconds(60), 3);
      assertThat(claimed).hasSize(3);

      assertThat(repository.delivered(claimed.get(0).lease(), now)).isTrue();
      assertThat(repository.failed(claimed.get(1).lease(), now)).isTrue();
      assertThat(repository.retryAt(claimed.get(2).lease(), now.plusSeconds(5))).isTrue();
      assertThat(saved).extracting(customer -> repository.eventsOf(customer.id().orElseThrow()).get(0).status())
          .containsExactlyInAnyOrder(Status.DELIVERED, Status.FAILED, Status.PENDING);
    }
  }

  @Test
  void close_of_a_repository_from_open_closes_its_pool() throws Exception {
    // Without DB_CLOSE_DELAY an in-memory H2 database lives exactly as long as a connection to it.
    String url = "jdbc:h2:mem:closing-" + System.nanoTime();
    JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "");
    assertThat(repository.isAvailable()).isTrue();

    repository.close();

    assertThat(repository.isAvailable()).isFalse();
    try (HikariDataSource afterwards = TestDatabases.pool(url, "sa", "")) {
      assertThat(TestDatabases.ourTableExists(afterwards, "customers")).as("a new, empty database").isFalse();
    }
  }

  @Test
  void close_of_a_repository_over_a_data_source_leaves_the_data_source_open() {
    try (HikariDataSource database = newDatabase(Dialect.H2, postgres)) {
      Customer saved;
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        saved = saved(repository.save(aCustomer().build()));
      }

      assertThat(database.isClosed()).isFalse();
      try (JdbiCustomerRepository again = JdbiCustomerRepository.over(database)) {
        assertThat(again.findById(saved.id().orElseThrow())).contains(saved);
      }
    }
  }

  private static Customer saved(SaveResult result) {
    assertThat(result).isInstanceOf(SaveResult.Saved.class);
    return ((SaveResult.Saved) result).customer();
  }
}
