package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host application's own Flyway with Flyway's defaults, as Spring Boot runs it: {@code db/migration} (here the
 * test's {@code V1__orders.sql}) recorded in {@code flyway_schema_history}. It must find none of our migrations,
 * and our repository none of its.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HostFlywayTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void in_separate_databases_the_hosts_flyway_and_the_repository_both_migrate(Dialect dialect) throws Exception {
    try (HikariDataSource hosts = newDatabase(dialect, postgres);
        HikariDataSource ours = newDatabase(dialect, postgres)) {
      assertThat(hostsFlyway(hosts).migrate().migrationsExecuted).isEqualTo(1);
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(ours)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }

      assertThat(appliedByTheHost(hosts)).containsExactly("1 orders");
      assertThat(tableExists(hosts, "customers")).isFalse();
      assertThat(tableExists(ours, "orders")).isFalse();
      assertThat(tableExists(ours, PreviousHistory.TABLE)).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void in_a_shared_database_both_migrate_and_keep_their_histories_apart_across_restarts(Dialect dialect)
      throws Exception {
    try (HikariDataSource shared = newDatabase(dialect, postgres)) {
      assertThat(hostsFlyway(shared).migrate().migrationsExecuted).isEqualTo(1);
      Customer saved;
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(shared)) {
        saved = ((SaveResult.Saved) repository.save(aCustomer().build())).customer();
      }

      assertThat(hostsFlyway(shared).migrate().migrationsExecuted).isZero();
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(shared)) {
        assertThat(repository.findById(saved.id().orElseThrow())).contains(saved);
      }
      assertThat(appliedByTheHost(shared)).containsExactly("1 orders");
      assertThat(tableExists(shared, "orders")).isTrue();
      assertThat(tableExists(shared, "customers")).isTrue();
    }
  }

  /**
   * Flyway refuses to start a history in a schema that holds tables: a host whose Flyway comes second to a shared
   * database (added later, or run after the repository opened) baselines below its first version.
   */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_hosts_flyway_that_comes_second_to_a_shared_database_migrates_once_told_to_baseline_at_version_0(
      Dialect dialect) throws Exception {
    try (HikariDataSource shared = newDatabase(dialect, postgres)) {
      JdbiCustomerRepository.migrate(shared);
      assertThatThrownBy(() -> hostsFlyway(shared).migrate())
          .isInstanceOf(FlywayException.class)
          .hasMessageContaining("but no schema history table");

      Flyway baselining = Flyway.configure(HostFlywayTest.class.getClassLoader()).dataSource(shared)
          .baselineOnMigrate(true).baselineVersion("0").load();
      assertThat(baselining.migrate().migrationsExecuted).isEqualTo(1);
      assertThat(tableExists(shared, "orders")).isTrue();
      assertThat(hostsFlyway(shared).migrate().migrationsExecuted).isZero();
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(shared)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
    }
  }

  /** Spring Boot's Flyway, but for the class loader: every setting Flyway's default. */
  private static Flyway hostsFlyway(DataSource dataSource) {
    return Flyway.configure(HostFlywayTest.class.getClassLoader()).dataSource(dataSource).load();
  }

  private static List<String> appliedByTheHost(DataSource dataSource) {
    return Arrays.stream(hostsFlyway(dataSource).info().applied())
        .map(migration -> migration.getVersion().getVersion() + " " + migration.getDescription())
        .toList();
  }
}
