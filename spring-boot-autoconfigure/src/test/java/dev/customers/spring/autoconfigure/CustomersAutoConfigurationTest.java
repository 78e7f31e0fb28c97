package dev.customers.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.CreateCustomer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.ExpireIdempotencyKeys;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.NewCustomer;
import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.events.PruneEvents;
import dev.customers.jdbi.JdbiCustomerRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of the auto-configuration, with {@link ApplicationContextRunner}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CustomersAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CustomersAutoConfiguration.class,
          CustomersHealthAutoConfiguration.class));

  @Test
  void without_a_data_source_it_configures_nothing() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(CustomerRepository.class).doesNotHaveBean(CreateCustomer.class)
          .doesNotHaveBean(CustomersHealthIndicator.class).doesNotHaveBean(CustomersHousekeeping.class);
    });
  }

  @Test
  void over_the_applications_data_source_it_gives_the_repository_the_use_cases_health_and_housekeeping() {
    runner.withUserConfiguration(ADataSource.class).run(context -> {
      assertThat(context).hasSingleBean(JdbiCustomerRepository.class).hasSingleBean(CreateCustomer.class)
          .hasSingleBean(FindCustomer.class).hasSingleBean(ExpireIdempotencyKeys.class)
          .hasSingleBean(PruneEvents.class).hasSingleBean(CustomersHousekeeping.class)
          .hasSingleBean(CustomersHealthIndicator.class).hasSingleBean(CustomersPoolMetrics.class);
      assertThat(context).as("no listener, no relay").doesNotHaveBean(CustomersEventRelay.class);
      assertThat(context.getBean(CustomersHousekeeping.class).isRunning()).isTrue();

      CustomerId id = context.getBean(CreateCustomer.class).create(jane()).customer().id().orElseThrow();
      assertThat(context.getBean(FindCustomer.class).find(id)).isPresent();
      assertThat(count(context.getBean(DataSource.class), "customers.customers")).isEqualTo(1);
      assertThat(context.getBean(CustomersHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void every_listener_bean_gets_each_event_from_a_relay_that_runs_with_the_context() {
    runner.withUserConfiguration(ADataSource.class, TwoListeners.class).run(context -> {
      CustomersEventRelay relay = context.getBean(CustomersEventRelay.class);
      assertThat(relay.isRunning()).isTrue();
      assertThat(relay.getPhase()).as("Boot's graceful shutdown phase").isEqualTo(Integer.MAX_VALUE - 1024);

      CustomerId id = context.getBean(CreateCustomer.class).create(jane()).customer().id().orElseThrow();
      relay.wake();
      TwoListeners listeners = context.getBean(TwoListeners.class);
      waitUntil(() -> listeners.first.contains(id) && listeners.second.contains(id));

      context.close();
      assertThat(relay.isRunning()).isFalse();
    });
  }

  @Test
  void the_relay_can_be_turned_off() {
    runner.withUserConfiguration(ADataSource.class, TwoListeners.class)
        .withPropertyValues("customers.events.relay=false", "customers.housekeeping.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CustomersEventRelay.class)
            .doesNotHaveBean(CustomersHousekeeping.class));
  }

  @Test
  void a_bean_of_the_application_replaces_ours() {
    runner.withUserConfiguration(ADataSource.class, OwnBeans.class).run(context -> {
      assertThat(context).hasSingleBean(CreateCustomer.class);
      assertThat(context.getBean(CreateCustomer.class)).isSameAs(context.getBean(OwnBeans.class).create);
      assertThat(context.getBean(JdbiCustomerRepository.class)).isSameAs(context.getBean(OwnBeans.class).repository);
      assertThat(count(context.getBean(DataSource.class), "own.customers")).isZero();
    });
  }

  @Test
  void a_schema_of_the_applications_choice_holds_the_tables() {
    runner.withUserConfiguration(ADataSource.class).withPropertyValues("customers.schema=crm").run(context -> {
      context.getBean(CreateCustomer.class).create(jane());
      assertThat(count(context.getBean(DataSource.class), "crm.customers")).isEqualTo(1);
      assertThat(context.getBean(CustomersHealthIndicator.class).health().getDetails())
          .containsEntry("schema", "crm");
    });
  }

  @Test
  void with_migrate_off_an_unmigrated_database_stops_the_start_and_a_migrated_one_starts() {
    runner.withUserConfiguration(ADataSource.class).withPropertyValues("customers.migrate=false").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("is not migrated to this release");
    });
    runner.withUserConfiguration(MigratedDataSource.class).withPropertyValues("customers.migrate=false")
        .run(context -> assertThat(context).hasSingleBean(JdbiCustomerRepository.class));
  }

  @Test
  void without_actuators_health_there_is_no_health_indicator() {
    runner.withUserConfiguration(ADataSource.class)
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasSingleBean(JdbiCustomerRepository.class)
            .doesNotHaveBean(CustomersHealthIndicator.class));
  }

  @Test
  void the_health_indicator_can_be_turned_off_as_actuators_own() {
    runner.withUserConfiguration(ADataSource.class).withPropertyValues("management.health.customers.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CustomersHealthIndicator.class));
  }

  @Test
  void without_micrometer_there_are_no_metrics_and_with_it_the_pool_reports_to_the_registry() {
    runner.withUserConfiguration(ADataSource.class)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).hasSingleBean(CreateCustomer.class)
            .doesNotHaveBean(CustomersPoolMetrics.class));
    runner.withUserConfiguration(ADataSource.class).run(context -> {
      MeterRegistry registry = new SimpleMeterRegistry();
      context.getBean(CustomersPoolMetrics.class).bindTo(registry);
      assertThat(registry.find("hikaricp.connections").gauge()).isNotNull();
    });
  }

  /** Spring Boot's own DataSource and Flyway, with the host's migration in db/migration: each keeps its history. */
  @Test
  void after_boots_flyway_on_boots_data_source_each_keeps_its_own_history() {
    runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JdbiCustomerRepository.class);
          context.getBean(CreateCustomer.class).create(jane());
          DataSource dataSource = context.getBean(DataSource.class);
          assertThat(count(dataSource, "\"flyway_schema_history\" where \"type\" = 'SQL'"))
              .as("the host's V1 alone").isEqualTo(1);
          assertThat(count(dataSource, "orders")).isZero();
          assertThat(count(dataSource, "customers.customers")).isEqualTo(1);
        });
  }

  @Test
  void the_properties_have_metadata_for_ides() throws Exception {
    try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(metadata).isNotNull();
      assertThat(new String(metadata.readAllBytes(), StandardCharsets.UTF_8)).contains("\"customers.schema\"",
          "\"customers.migrate\"", "\"customers.events.relay\"", "\"customers.events.retention\"",
          "\"customers.idempotency.key-ttl\"", "\"customers.housekeeping.interval\"");
    }
  }

  private static NewCustomer jane() {
    return NewCustomer.builder().email("jane-" + UUID.randomUUID() + "@example.com").build();
  }

  private static long count(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("select count(*) from " + table)) {
      count.next();
      return count.getLong(1);
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as("waited for").isTrue();
  }

  static HikariDataSource newPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  @Configuration(proxyBeanMethods = false)
  static class ADataSource {
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource() {
      return newPool();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MigratedDataSource {
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource() {
      HikariDataSource pool = newPool();
      JdbiCustomerRepository.migrate(pool);
      return pool;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoListeners {
    final List<CustomerId> first = new CopyOnWriteArrayList<>();
    final List<CustomerId> second = new CopyOnWriteArrayList<>();

    @Bean
    CustomerCreatedListener welcomeMail() {
      return event -> first.add(event.customerId());
    }

    @Bean
    CustomerCreatedListener crmSync() {
      return event -> second.add(event.customerId());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    JdbiCustomerRepository repository;
    CreateCustomer create;

    @Bean
    JdbiCustomerRepository ownRepository(DataSource dataSource) {
      repository = JdbiCustomerRepository.over(dataSource, JdbiCustomerRepository.Migration.ON_OPEN, "own");
      return repository;
    }

    @Bean
    CreateCustomer ownCreateCustomer(JdbiCustomerRepository customers) {
      create = new CreateCustomer(customers, Clock.systemUTC());
      return create;
    }
  }
}
