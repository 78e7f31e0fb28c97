package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.ourTableExists;
import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.jdbi.JdbiCustomerRepository.Migration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database whose tables a release before kept in the default schema, history {@code customers_schema_history}
 * beside them: on open they move into our schema, every row kept, at whatever version they were. (A database of the
 * release before that, with Flyway's default history, is {@link PreviousHistoryIT}'s.)
 */
class PreviousSchemaTest extends OnEveryDatabase {

  private static final String OUR_TABLES_IN_THE_DEFAULT_SCHEMA = "public";

  @ParameterizedTest
  @EnumSource(DatabaseUnderTest.class)
  void tables_in_the_default_schema_move_into_ours_on_open_with_every_row(DatabaseUnderTest kind) throws Exception {
    String url = kind.newUrl(files, postgres);
    Customer stored;
    KeyedRequest request = TestDatabases.aKeyedRequest();
    List<String> history;
    try (HikariDataSource database = kind.pool(url, postgres);
        JdbiCustomerRepository before = JdbiCustomerRepository.over(database, Migration.ON_OPEN,
            OUR_TABLES_IN_THE_DEFAULT_SCHEMA)) {
      stored = ((SaveResult.Saved) before.save(aCustomer().tags(List.of("vip", "b2b")).build(), request)).customer();
      assertThat(before.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      assertThat(tableExists(database, "customers")).as("the layout before").isTrue();
      history = history(database, OUR_TABLES_IN_THE_DEFAULT_SCHEMA);
    }

    try (HikariDataSource database = kind.pool(url, postgres);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
      TestDatabases.assertKept(repository, stored, request);
      Customer next = ((SaveResult.Saved) repository.save(aCustomer().build())).customer();
      assertThat(next.id().orElseThrow().value()).as("ids continue after the moved ones")
          .isGreaterThan(stored.id().orElseThrow().value() + 1);

      for (String table : List.of("customers", "addresses", "idempotency_keys", "customer_events",
          Schema.HISTORY_TABLE)) {
        assertThat(tableExists(database, table)).as(table + " in the default schema").isFalse();
        assertThat(ourTableExists(database, table)).as(table + " in ours").isTrue();
      }
      assertThat(history(database, OurSchema.DEFAULT)).isEqualTo(history);
    }
  }

  /** Any version of this release: here 5, before the tags moved into the customer's row (V7). */
  @ParameterizedTest
  @EnumSource(value = DatabaseUnderTest.class, names = {"H2_IN_A_FILE", "POSTGRESQL"})
  void tables_of_an_earlier_version_move_and_then_migrate_in_our_schema(DatabaseUnderTest kind) throws Exception {
    String url = kind.newUrl(files, postgres);
    long id;
    try (HikariDataSource database = kind.pool(url, postgres)) {
      Flyway.configure(Schema.class.getClassLoader()).dataSource(database).table(Schema.HISTORY_TABLE)
          .locations(Dialect.COMMON_MIGRATIONS, kind.dialect.migrations).target("5").load().migrate();
      try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("insert into customers (email, first_name, last_name, accepts_marketing, is_blocked, "
            + "metadata, date_joined) values ('a@example.com', 'A', '', false, false, "
            + (kind.dialect == Dialect.H2 ? "'{}' format json" : "'{}'") + ", current_timestamp)");
        try (ResultSet row = statement.executeQuery("select id from customers")) {
          row.next();
          id = row.getLong(1);
        }
        statement.execute("insert into tags (customer_id, position, tag) values (" + id + ", 0, 'second'), (" + id
            + ", 1, 'first')");
      }
    }

    try (HikariDataSource database = kind.pool(url, postgres);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
      Customer moved = repository.findById(CustomerId.of(id)).orElseThrow();
      assertThat(moved.email()).isEqualTo("a@example.com");
      assertThat(moved.tags()).containsExactly("second", "first");
      Customer next = ((SaveResult.Saved) repository.save(aCustomer().build())).customer();
      assertThat(next.id().orElseThrow().value()).isGreaterThan(id);
      assertThat(tableExists(database, "tags")).isFalse();
      assertThat(tableExists(database, Schema.HISTORY_TABLE)).isFalse();
      assertThat(history(database, OurSchema.DEFAULT)).last().asString().startsWith("9 ");
    }
  }

  /** H2 commits DDL at once: a start that made our tables in our schema and stopped before the copy. */
  @Test
  void on_h2_a_move_that_stopped_once_our_tables_were_made_is_finished_by_the_next_open() throws Exception {
    String url = DatabaseUnderTest.H2_IN_A_FILE.newUrl(files, postgres);
    Customer stored;
    try (HikariDataSource database = DatabaseUnderTest.H2_IN_A_FILE.pool(url, postgres)) {
      try (JdbiCustomerRepository before = JdbiCustomerRepository.over(database, Migration.ON_OPEN,
          OUR_TABLES_IN_THE_DEFAULT_SCHEMA)) {
        stored = ((SaveResult.Saved) before.save(aCustomer().build())).customer();
      }
      Flyway.configure(Schema.class.getClassLoader()).dataSource(database).table(Schema.HISTORY_TABLE)
          .schemas("CUSTOMERS").locations(Dialect.COMMON_MIGRATIONS, Dialect.H2.migrations).load().migrate();

      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.findById(stored.id().orElseThrow())).contains(stored);
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
      assertThat(tableExists(database, "customers")).isFalse();
    }
  }

  /** The migrations applied, with when and by whom: what a move keeps. */
  private static List<String> history(DataSource database, String schema) throws SQLException {
    return TestDatabases.rows(database, "select \"version\", \"description\", \"checksum\", \"installed_by\", "
        + "\"installed_on\" from " + schema + ".\"" + Schema.HISTORY_TABLE + "\" where \"type\" in ('SQL', 'JDBC') "
        + "order by \"installed_rank\"");
  }
}
