package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.jdbi.TestDatabases.ourTableExists;
import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host application's own Flyway with Flyway's defaults, as Spring Boot runs it: {@code db/migration} (here the
 * test's {@code V1__orders.sql}) recorded in {@code flyway_schema_history}, in the database's default schema. It must
 * find none of our migrations and none of our tables there, and our repository none of its, in either order.
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
      assertThat(ourTableExists(hosts, "customers")).isFalse();
      assertThat(tableExists(ours, "orders")).isFalse();
      assertThat(tableExists(ours, PreviousHistory.TABLE)).isFalse();
    }
  }

  /**
   * The trial of issue 35, as a new user would run it, in both orders: customers opened first on a database, then
   * the host's Flyway with its defaults on the same database (it refused a non-empty default schema while our tables
   * were there), and the other way round; then both start again.
   */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void in_a_shared_database_the_hosts_flyway_with_its_defaults_migrates_before_or_after_customers(Dialect dialect)
      throws Exception {
    for (boolean customersFirst : new boolean[] {true, false}) {
      try (HikariDataSource shared = newDatabase(dialect, postgres)) {
        String defaultSchema = schemaOf(shared);
        List<String> printed = new ArrayList<>();
        Customer saved = null;
        if (customersFirst) {
          saved = customersIn(shared, printed);
          hostsMigrationsIn(shared, printed);
        } else {
          hostsMigrationsIn(shared, printed);
          saved = customersIn(shared, printed);
        }
        System.out.println(dialect + ", " + (customersFirst ? "customers first" : "the host's Flyway first") + ":\n  "
            + String.join("\n  ", printed));
        assertThat(printed).containsExactlyElementsOf(customersFirst
            ? List.of("customers in shared db: ok", "shop migrations in shared db: ok")
            : List.of("shop migrations in shared db: ok", "customers in shared db: ok"));

        assertThat(hostsFlyway(shared).migrate().migrationsExecuted).as("a restart").isZero();
        try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(shared)) {
          assertThat(repository.findById(saved.id().orElseThrow())).contains(saved);
        }
        assertThat(appliedByTheHost(shared)).containsExactly("1 orders");
        assertThat(tableExists(shared, "orders")).isTrue();
        assertThat(tableExists(shared, "customers")).as("ours, in the host's schema").isFalse();
        assertThat(ourTableExists(shared, "customers")).isTrue();
        assertThat(schemaOf(shared)).as("the host's connections keep their schema").isEqualTo(defaultSchema);
      }
    }
  }

  private static Customer customersIn(DataSource shared, List<String> printed) {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(shared)) {
      Customer saved = ((SaveResult.Saved) repository.save(aCustomer().build())).customer();
      printed.add("customers in shared db: ok");
      return saved;
    } catch (RuntimeException e) {
      printed.add("customers in shared db FAILED: " + e.getMessage());
      return null;
    }
  }

  private static void hostsMigrationsIn(DataSource shared, List<String> printed) {
    try {
      hostsFlyway(shared).migrate();
      printed.add("shop migrations in shared db: ok");
    } catch (RuntimeException e) {
      printed.add("shop migrations in shared db FAILED: " + e.getMessage());
    }
  }

  private static String schemaOf(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getSchema();
    }
  }

  /** Spring Boot's Flyway, but for the class loader: every setting Flyway's default (no baselineOnMigrate). */
  private static Flyway hostsFlyway(DataSource dataSource) {
    return Flyway.configure(HostFlywayTest.class.getClassLoader()).dataSource(dataSource).load();
  }

  private static List<String> appliedByTheHost(DataSource dataSource) {
    return Arrays.stream(hostsFlyway(dataSource).info().applied())
        .map(migration -> migration.getVersion().getVersion() + " " + migration.getDescription())
        .toList();
  }
}
