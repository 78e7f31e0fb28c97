package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SchemaTest {

  private static final String BROKEN_MIGRATION = "classpath:db/test-migrations/broken";
  private static final String NEWER_MIGRATION = "classpath:db/test-migrations/future";

  private static TestPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

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
  void a_failed_migration_on_postgresql_is_rolled_back_whole_and_the_next_start_succeeds() throws Exception {
    try (HikariDataSource database = newDatabase(Dialect.POSTGRESQL, postgres)) {
      assertThatThrownBy(() -> Schema.migrate(database, Dialect.POSTGRESQL, "the test database", BROKEN_MIGRATION))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Could not migrate the schema of the customer database at the test database.")
          .hasMessageContaining("Nothing of the failed migration was applied: PostgreSQL rolled it back.")
          .hasMessageContaining("no_such_table");

      assertThat(tableExists(database, "half_done")).isFalse();
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
    }
  }

  @Test
  void a_failed_migration_on_h2_may_be_half_applied_and_stops_the_next_start_with_a_clear_message()
      throws Exception {
    try (HikariDataSource database = newDatabase(Dialect.H2, postgres)) {
      assertThatThrownBy(() -> Schema.migrate(database, Dialect.H2, "the test database", BROKEN_MIGRATION))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Could not migrate the schema of the customer database at the test database.")
          .hasMessageContaining("The failed migration may be half-applied: H2 cannot roll back DDL.")
          .hasMessageContaining("NO_SUCH_TABLE");

      assertThat(tableExists(database, "half_done")).as("H2 committed the first statement").isTrue();
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
      Schema.migrate(database, dialect, "the test database", NEWER_MIGRATION);

      assertThatThrownBy(() -> JdbiCustomerRepository.over(database))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has a schema newer than this release of customers-adapters-jdbi knows")
          .hasMessageContaining("migrated to version 999 (from a newer release) by a newer release")
          .hasMessageContaining("this one knows versions up to 5");
    }
  }
}
