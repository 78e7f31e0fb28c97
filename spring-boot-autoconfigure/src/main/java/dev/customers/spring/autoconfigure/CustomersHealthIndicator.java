package dev.customers.spring.autoconfigure;

import dev.customers.jdbi.JdbiCustomerRepository;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the customer database answers a trivial query within about a second ({@link
 * JdbiCustomerRepository#isAvailable()}); shown as {@code customers} in Actuator's {@code /actuator/health}.
 */
public final class CustomersHealthIndicator implements HealthIndicator {

  private final JdbiCustomerRepository repository;
  private final String schema;

  public CustomersHealthIndicator(JdbiCustomerRepository repository, String schema) {
    this.repository = repository;
    this.schema = schema;
  }

  @Override
  public Health health() {
    if (repository.isAvailable()) {
      return Health.up().withDetail("schema", schema).build();
    }
    return Health.down().withDetail("schema", schema)
        .withDetail("reason", "the database did not answer a trivial query within a second").build();
  }
}
