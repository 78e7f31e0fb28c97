package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.anAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.Metadata;
import dev.customers.jdbi.batch.Batcher;
import dev.customers.jdbi.batch.Callers;
import dev.customers.jdbi.batch.PostgresWriter;
import dev.customers.jdbi.batch.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several saves in one statement on PostgreSQL ({@link PostgresSave#insertAll}), as the repository's writer stores
 * the saves that queue up together: each customer with its own addresses, tags and event, answered in the batch's
 * order; one whose email is taken, by a stored customer or by an earlier one of the same batch, left out whole.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresBatchSaveTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  private HikariDataSource database;
  private JdbiCustomerRepository repository;

  @BeforeEach
  void open() {
    database = TestDatabases.newDatabase(Dialect.POSTGRESQL, postgres);
    repository = JdbiCustomerRepository.over(database);
  }

  @AfterEach
  void close() {
    repository.close();
    database.close();
  }

  @Test
  void each_customer_of_a_batch_is_stored_with_its_own_rows_and_a_taken_email_leaves_its_customer_out_whole()
      throws Exception {
    Customer stored = ((SaveResult.Saved) repository.save(aCustomer().build())).customer();
    Customer full = aCustomer()
        .addresses(List.of(anAddress().build(), anAddress().line1("2 Second Street").isDefaultForBilling(false)
            .isDefaultForShipping(false).build()))
        .tags(List.of("one", "two", "three"))
        .metadata(Metadata.of(Map.of("tier", "gold")))
        .dateJoined(Instant.parse("2026-12-04T15:20:01.123456Z"))
        .build();
    Customer bare = Customer.builder().email("bare." + full.email()).firstName("").lastName("")
        .acceptsMarketing(false).isBlocked(true).metadata(Metadata.of(Map.of()))
        .dateJoined(Instant.parse("2026-01-02T03:04:05Z")).build();
    Customer takenBefore = aCustomer().email(inAnotherCase(stored.email())).build();
    Customer takenInTheBatch = aCustomer().email(inAnotherCase(full.email())).tags(List.of("lost"))
        .build();
    Customer last = aCustomer().tags(List.of()).build();

    List<Customer> answered;
    try (Connection connection = database.getConnection()) {
      answered = new PostgresSave(TestDatabases.OURS).insertAll(connection, List.of(full, bare, takenBefore, takenInTheBatch, last));
    }

    assertThat(answered).hasSize(5);
    assertThat(answered.get(2)).as("email taken by a stored customer").isNull();
    assertThat(answered.get(3)).as("email taken by an earlier customer of the batch").isNull();
    List<Customer> saved = List.of(answered.get(0), answered.get(1), answered.get(4));
    assertThat(saved.get(0).id().orElseThrow().value()).isLessThan(saved.get(1).id().orElseThrow().value());
    assertThat(saved.get(1).id().orElseThrow().value()).isLessThan(saved.get(2).id().orElseThrow().value());
    for (Customer customer : saved) {
      assertThat(repository.findById(customer.id().orElseThrow())).contains(customer);
      assertThat(repository.eventsOf(customer.id().orElseThrow())).hasSize(1);
    }
    assertThat(saved.get(0).addresses()).extracting(address -> address.id().isPresent()).containsExactly(true, true);
    assertThat(saved.get(0)).usingRecursiveComparison().ignoringFields("id", "addresses").isEqualTo(full);
    assertThat(saved.get(0).addresses()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
        .containsExactlyElementsOf(full.addresses());
    assertThat(saved.get(1).addresses()).isEmpty();
    assertThat(saved.get(1).tags()).isEmpty();
    assertThat(count("customers")).isEqualTo(4);
    assertThat(count("addresses")).isEqualTo(1 + 2 + 1);
    assertThat(queryForLong("select sum(cardinality(tags)) from customers.customers")).as("tags stored").isEqualTo(2 + 3);
    assertThat(count("customer_events")).isEqualTo(4);
    assertThat(repository.emailTaken(takenInTheBatch.email())).isTrue();
  }

  @Test
  void a_batch_the_database_refuses_stores_none_of_its_customers() throws Exception {
    execute("alter table customers.customer_events add constraint refused_by_the_test check (customer_id < 0)");
    List<Customer> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(aCustomer().build());
    }

    Throwable refused;
    try (Connection connection = database.getConnection()) {
      refused = catchThrowable(() -> new PostgresSave(TestDatabases.OURS).insertAll(connection, batch));
    }

    assertThat(SqlErrors.rootMessage(refused)).contains("refused_by_the_test");
    for (String table : List.of("customers", "addresses", "customer_events")) {
      assertThat(count(table)).as(table).isZero();
    }
  }

  /** The same email, its local part in upper case (the domain stays in lower case, as the domain keeps it). */
  private static String inAnotherCase(String email) {
    int at = email.indexOf('@');
    return email.substring(0, at).toUpperCase(Locale.ROOT) + email.substring(at);
  }

  @Test
  void saves_that_queue_up_share_one_statement_and_when_it_is_refused_each_is_run_on_its_own() throws Exception {
    execute("alter table customers.customers add constraint refused_by_the_test check (first_name <> 'Refused')");
    Callers callers = new Callers();
    CountDownLatch holds = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PostgresSave save = new PostgresSave(TestDatabases.OURS);
    Customer holding = aCustomer().build();
    try (Batcher<Customer, Customer> commits = new Batcher<>("postgres", new PostgresWriter<Customer, Customer>(
        database, (connection, customers) -> {
          if (customers.contains(holding)) {
            holds.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new SQLException("interrupted", e);
            }
          }
          return save.insertAll(connection, customers);
        }))) {
      Future<Customer> first = callers.submit(() -> commits.run(holding));
      assertThat(holds.await(10, TimeUnit.SECONDS)).as("the writer at the first save").isTrue();
      List<Customer> batch = List.of(aCustomer().build(), aCustomer().firstName("Refused").build(),
          aCustomer().build());
      List<Future<Customer>> queued = new ArrayList<>();
      for (Customer customer : batch) {
        queued.add(callers.submit(() -> commits.run(customer)));
        callers.awaitWaiting(queued.size() + 1);
      }

      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS).email()).isEqualTo(holding.email());
      assertThat(queued.get(0).get(10, TimeUnit.SECONDS).email()).isEqualTo(batch.get(0).email());
      assertThat(queued.get(2).get(10, TimeUnit.SECONDS).email()).isEqualTo(batch.get(2).email());
      assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS))
          .satisfies(thrown -> assertThat(SqlErrors.rootMessage(thrown)).contains("refused_by_the_test"));
      assertThat(count("customers")).isEqualTo(3);
      assertThat(count("customer_events")).isEqualTo(3);
    } finally {
      callers.close();
    }
  }

  private long count(String table) throws SQLException {
    return queryForLong("select count(*) from customers." + table);
  }

  private long queryForLong(String query) throws SQLException {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
