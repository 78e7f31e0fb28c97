package dev.customers.spring.autoconfigure;

import dev.customers.jdbi.JdbiCustomerRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator's health: {@code customers} in {@code /actuator/health}, up while the customer database answers
 * ({@code management.health.customers.enabled=false} leaves it out). Apart from {@link CustomersAutoConfiguration}
 * so that it sees the repository that one made, or the application's.
 */
@AutoConfiguration(after = CustomersAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(JdbiCustomerRepository.class)
@ConditionalOnEnabledHealthIndicator("customers")
@EnableConfigurationProperties(CustomersProperties.class)
public final class CustomersHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "customersHealthIndicator")
  CustomersHealthIndicator customersHealthIndicator(JdbiCustomerRepository repository,
      CustomersProperties properties) {
    return new CustomersHealthIndicator(repository, properties.getSchema());
  }
}
