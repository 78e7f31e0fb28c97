package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.jdbi.TestDatabases.ourTableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SchemaTest {

  private static final String BROKEN_MIGRATION = "classpath:db/test-migrations/broken";
  private static final String NEWER_MIGRATION = "classpath:db/test-migrations/future";

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void starting_again_on_a_migrated_database_keeps_its_customers(Dialect dialect) {
    try (HikariDataSource database = newDatabase(dialect, postgres)) {
      Customer saved;
      try (JdbiCustomerRepository first = JdbiCustomerRepository.over(database)) {
        saved = ((SaveResult.Saved) first.save(aCustomer().build())).customer();
      }
      try (JdbiCustomerRepository second = JdbiCustomerRepository.over(database)) {
        assertThat(second.findById(saved.id().orElseThrow())).contains(saved);
      }
    }
  }

  @Test
  void on_h2_no_table_has_two_indexes_on_the_same_columns_and_every_foreign_key_holds() throws Exception {
    try (HikariDataSource database = newDatabase(Dialect.H2, postgres)) {
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
      assertThat(indexesOnTheSameColumns(database, "CUSTOMERS")).isEmpty();
      assertForeignKeysHold(database);
    }
  }

  /** Of this release, before its tables had a schema of their own: they move there, then migrate on. */
  @Test
  void an_h2_database_of_version_5_with_customers_loses_its_second_index_on_the_events_customer_id()
      throws Exception {
    try (HikariDataSource database = newDatabase(Dialect.H2, postgres)) {
      Flyway.configure(Schema.class.getClassLoader()).dataSource(database).table(Schema.HISTORY_TABLE)
          .locations(Dialect.COMMON_MIGRATIONS, Dialect.H2.migrations).target("5").load().migrate();
      try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("insert into customers (email, first_name, last_name, accepts_marketing, is_blocked, "
            + "metadata, date_joined) values ('a@example.com', '', '', false, false, '{}' format json, "
            + "current_timestamp)");
        statement.execute("insert into customer_events (event_id, customer_id, occurred_at, next_attempt_at) "
            + "select random_uuid(), id, current_timestamp, current_timestamp from customers");
      }
      assertThat(indexesOnTheSameColumns(database, "PUBLIC")).containsExactly("CUSTOMER_EVENTS (CUSTOMER_ID)");

      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
        Instant now = Instant.now();
        assertThat(repository.claimDue(now, now.plusSeconds(60), 10)).hasSize(2);
      }
      assertThat(indexesOnTheSameColumns(database, "CUSTOMERS")).isEmpty();
      assertForeignKeysHold(database);
      assertThat(TestDatabases.tableExists(database, "customers")).as("left in the default schema").isFalse();
    }
  }

  /**
   * Customers of one mailbox stored by an earlier release (before V9, emails were unique by {@code lower(email)}
   * only) stay readable; the oldest gets the mailbox's key, the later one a key of its own, and the mailbox is taken.
   */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void two_customers_of_one_mailbox_from_before_version_9_are_kept_and_the_oldest_holds_the_key(Dialect dialect)
      throws Exception {
    try (HikariDataSource database = newDatabase(dialect, postgres)) {
      Flyway.configure(Schema.class.getClassLoader()).dataSource(database).table(Schema.HISTORY_TABLE)
          .locations(Dialect.COMMON_MIGRATIONS, dialect.migrations).target(dialect == Dialect.H2 ? "8" : "7")
          .load().migrate();
      String plain = "kate.uni@example.com";
      String fullwidth = "kate.uni@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com";
      String decomposed = "jose\u0301.x@example.com";
      try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
        for (String email : List.of(plain, fullwidth, decomposed, "Jos\u00e9.X@example.com")) {
          statement.execute("insert into customers (email, first_name, last_name, accepts_marketing, is_blocked, "
              + "metadata, date_joined) values ('" + email + "', '', '', false, false, "
              + dialect.jsonParameter.replace("?", "'{}'") + ", current_timestamp)");
        }
      }

      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        Map<String, String> keys = new LinkedHashMap<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("select id, email, email_key from customers.customers order by id")) {
          while (rows.next()) {
            keys.put(rows.getString(2), rows.getString(3).replaceFirst(" #[0-9]+$", " #id"));
          }
        }
        assertThat(keys).containsExactly(
            Map.entry(plain, "kate.uni@example.com"),
            Map.entry(fullwidth, "kate.uni@example.com #id"),
            Map.entry(decomposed, "jos\u00e9.x@example.com"),
            Map.entry("Jos\u00e9.X@example.com", "jos\u00e9.x@example.com #id"));
        assertThat(repository.emailTaken(fullwidth)).isTrue();
        assertThat(repository.save(aCustomer().email("KATE.uni@example.com").build()))
            .isInstanceOf(SaveResult.EmailTaken.class);
        assertThat(repository.findById(dev.customers.domain.CustomerId.of(3)).orElseThrow().email())
            .isEqualTo(decomposed);
      }
    }
  }

  /** "TABLE (COLUMNS)" once for each further index of a table on the columns of another of its indexes. */
  private static List<String> indexesOnTheSameColumns(HikariDataSource database, String schema)
      throws SQLException {
    Map<String, String> columnsOfIndex = new LinkedHashMap<>();
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select table_name, index_name, column_name "
            + "from information_schema.index_columns where table_schema = '" + schema + "' "
            + "and table_name <> '" + Schema.HISTORY_TABLE + "' order by table_name, index_name, ordinal_position")) {
      while (rows.next()) {
        columnsOfIndex.merge(rows.getString(1) + "." + rows.getString(2), rows.getString(3),
            (before, column) -> before + ", " + column);
      }
    }
    List<String> seen = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    columnsOfIndex.forEach((index, columns) -> {
      String tableAndColumns = index.substring(0, index.indexOf('.')) + " (" + columns + ")";
      if (seen.contains(tableAndColumns)) {
        twice.add(tableAndColumns);
      }
      seen.add(tableAndColumns);
    });
    return twice;
  }

  private static void assertForeignKeysHold(HikariDataSource database) throws SQLException {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      for (String orphan : List.of(
          "insert into customers.customer_events (event_id, customer_id, occurred_at, next_attempt_at) "
              + "values (random_uuid(), -1, current_timestamp, current_timestamp)",
          "insert into customers.addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, "
              + "line4, state, postcode, phone_number, notes, is_default_for_billing, is_default_for_shipping) "
              + "values (-1, 0, 'US', '', '', '', '', '', '', '', '', '', '', false, false)")) {
        assertThatThrownBy(() -> statement.execute(orphan)).as(orphan)
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23506"));
      }
    }
  }

  @Test
  void a_failed_migration_on_postgresql_is_rolled_back_whole_and_the_next_start_succeeds() throws Exception {
    try (HikariDataSource database = newDatabase(Dialect.POSTGRESQL, postgres)) {
      assertThatThrownBy(() -> Schema.migrate(database, Dialect.POSTGRESQL, TestDatabases.OURS, "the test database", BROKEN_MIGRATION))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Could not migrate the schema of the customer database at the test database.")
          .hasMessageContaining("Nothing of the failed migration was applied: PostgreSQL rolled it back.")
          .hasMessageContaining("no_such_table");

      assertThat(ourTableExists(database, "half_done")).isFalse();
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
    }
  }

  @Test
  void a_failed_migration_on_h2_may_be_half_applied_and_stops_the_next_start_with_a_clear_message()
      throws Exception {
    try (HikariDataSource database = newDatabase(Dialect.H2, postgres)) {
      assertThatThrownBy(() -> Schema.migrate(database, Dialect.H2, TestDatabases.OURS, "the test database", BROKEN_MIGRATION))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Could not migrate the schema of the customer database at the test database.")
          .hasMessageContaining("The failed migration may be half-applied: H2 cannot roll back DDL.")
          .hasMessageContaining("NO_SUCH_TABLE");

      assertThat(ourTableExists(database, "half_done")).as("H2 committed the first statement").isTrue();
      assertThatThrownBy(() -> JdbiCustomerRepository.over(database))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds a failed migration to version 900 (half broken)")
          .hasMessageContaining("H2 cannot roll back DDL, so it may be half-applied.")
          .hasMessageContaining("Restore a backup, or undo its changes by hand and then run Flyway's repair.");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_schema_migrated_by_a_newer_release_is_refused_with_a_clear_message(Dialect dialect) {
    try (HikariDataSource database = newDatabase(dialect, postgres)) {
      Schema.migrate(database, dialect, TestDatabases.OURS, "the test database", NEWER_MIGRATION);

      assertThatThrownBy(() -> JdbiCustomerRepository.over(database))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has a schema newer than this release of customers-adapters-jdbi knows")
          .hasMessageContaining("migrated to version 999 (from a newer release) by a newer release")
          .hasMessageContaining("this one knows versions up to 9");
    }
  }
}
