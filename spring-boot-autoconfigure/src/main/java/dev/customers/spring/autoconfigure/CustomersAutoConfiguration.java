package dev.customers.spring.autoconfigure;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.ExpireIdempotencyKeys;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.events.EventOutbox;
import dev.customers.domain.events.PruneEvents;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.jdbi.JdbiCustomerRepository.Migration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Customers over the application's {@link DataSource}: {@link JdbiCustomerRepository} (its tables in a schema of its
 * own, migrated on start after the application's own Flyway or Liquibase), the use cases {@link CreateCustomer},
 * {@link FindCustomer} and {@link ExpireIdempotencyKeys}, the event relay of the application's {@link
 * CustomerCreatedListener} beans and the housekeeping, both run with the context; with Micrometer the pool's
 * metrics (with Actuator's health, {@link CustomersHealthAutoConfiguration} adds ours). Every bean gives way to one
 * of the application's of its type.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
    "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(CustomersProperties.class)
public final class CustomersAutoConfiguration {

  /** Closed by Spring with the context ({@code close()}); the DataSource stays open, it is the application's. */
  @Bean
  @ConditionalOnMissingBean(CustomerRepository.class)
  @DependsOnDatabaseInitialization
  JdbiCustomerRepository customerRepository(DataSource dataSource, CustomersProperties properties) {
    return JdbiCustomerRepository.over(dataSource, properties.isMigrate() ? Migration.ON_OPEN : Migration.BY_CALLER,
        properties.getSchema());
  }

  @Bean
  @ConditionalOnMissingBean
  CreateCustomer createCustomer(CustomerRepository customers, ObjectProvider<Clock> clock,
      CustomersProperties properties) {
    return new CreateCustomer(customers, clock(clock), properties.getIdempotency().getKeyTtl());
  }

  @Bean
  @ConditionalOnMissingBean
  FindCustomer findCustomer(CustomerRepository customers) {
    return new FindCustomer(customers);
  }

  @Bean
  @ConditionalOnMissingBean
  ExpireIdempotencyKeys expireIdempotencyKeys(CustomerRepository customers, ObjectProvider<Clock> clock) {
    return new ExpireIdempotencyKeys(customers, clock(clock));
  }

  @Bean
  @ConditionalOnMissingBean
  PruneEvents pruneEvents(EventOutbox outbox, ObjectProvider<Clock> clock, CustomersProperties properties) {
    return new PruneEvents(outbox, clock(clock), properties.getEvents().getRetention());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(CustomerCreatedListener.class)
  @ConditionalOnProperty(name = "customers.events.relay", havingValue = "true", matchIfMissing = true)
  CustomersEventRelay customersEventRelay(EventOutbox outbox, ObjectProvider<CustomerCreatedListener> listeners) {
    return new CustomersEventRelay(outbox, listeners.orderedStream().toList());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "customers.housekeeping.enabled", havingValue = "true", matchIfMissing = true)
  CustomersHousekeeping customersHousekeeping(PruneEvents pruneEvents, ExpireIdempotencyKeys expireKeys,
      CustomersProperties properties) {
    return new CustomersHousekeeping(pruneEvents, expireKeys, properties.getHousekeeping().getInterval());
  }

  /** The application's {@link Clock} bean if it has one (a test's fixed clock), else the system's in UTC. */
  private static Clock clock(ObjectProvider<Clock> clock) {
    return clock.getIfAvailable(Clock::systemUTC);
  }

  /** With Micrometer: the pool's metrics in the application's registries. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {

    @Bean
    @ConditionalOnMissingBean
    CustomersPoolMetrics customersPoolMetrics(DataSource dataSource) {
      return new CustomersPoolMetrics(dataSource);
    }
  }
}
