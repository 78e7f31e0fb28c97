package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.jdbi.TestDatabases.ourTableExists;
import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.jdbi.JdbiCustomerRepository.Migration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link JdbiCustomerRepository#migrate} run apart, and a repository that leaves migration to its caller. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MigrationByCallerTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_database_migrated_by_the_caller_opens_without_migration(Dialect dialect) throws Exception {
    try (HikariDataSource database = newDatabase(dialect, postgres)) {
      JdbiCustomerRepository.migrate(database);

      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database, Migration.BY_CALLER)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
      assertThat(ourTableExists(database, Schema.HISTORY_TABLE)).isTrue();
      assertThat(tableExists(database, PreviousHistory.TABLE)).isFalse();
      assertThat(tableExists(database, Schema.HISTORY_TABLE)).as("in the default schema").isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void an_unmigrated_database_is_refused_with_a_clear_message_and_left_as_it_was(Dialect dialect) throws Exception {
    try (HikariDataSource database = newDatabase(dialect, postgres)) {
      assertThatThrownBy(() -> JdbiCustomerRepository.over(database, Migration.BY_CALLER))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is not migrated to this release of customers-adapters-jdbi: it has no customers "
              + "schema (history table customers.customers_schema_history), and versions 1 (customers), 2 (addresses and "
              + "tags)")
          .hasMessageEndingWith("are pending. Run JdbiCustomerRepository.migrate(dataSource) first, or open it "
              + "with Migration.ON_OPEN.");

      assertThat(ourTableExists(database, Schema.HISTORY_TABLE)).isFalse();
      assertThat(ourTableExists(database, "customers")).isFalse();
    }
  }

  @Test
  void a_database_migrated_part_of_the_way_is_refused_naming_what_is_pending() {
    try (HikariDataSource database = newDatabase(Dialect.H2, postgres)) {
      Flyway.configure(Schema.class.getClassLoader()).dataSource(database).table(Schema.HISTORY_TABLE)
          .schemas("CUSTOMERS").locations(Dialect.COMMON_MIGRATIONS, Dialect.H2.migrations).target("3").load().migrate();

      assertThatThrownBy(() -> JdbiCustomerRepository.over(database, Migration.BY_CALLER))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("it is at version 3, and versions 5 (customer events), 6 (customer events foreign "
              + "key on its unique index), 7 (tags in the customer row), 8 (addresses found by their foreign key "
              + "index), 9 (email key of each mailbox) are pending.");
    }
  }
}
