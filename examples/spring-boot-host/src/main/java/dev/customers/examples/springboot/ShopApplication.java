package dev.customers.examples.springboot;

import dev.customers.domain.CreateCustomer;
import dev.customers.jdbi.JdbiCustomerRepository;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;

/**
 * A shop's Spring Boot app: its own {@code orders} table, migrated by Spring Boot's Flyway from
 * {@code db/migration}, and customers stored by customers-adapters-jdbi in the same database, through Boot's own
 * HikariCP pool.
 */
@SpringBootApplication
public class ShopApplication {

  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }

  // --- docs example starts ---
  /**
   * Over Boot's DataSource: the repository migrates its own tables (history {@code customers_schema_history}) and
   * leaves the pool open when Spring closes it. After Boot's Flyway, which refuses to start its history in a schema
   * that already holds tables.
   */
  @Bean
  @DependsOnDatabaseInitialization
  JdbiCustomerRepository customerRepository(DataSource dataSource) {
    return JdbiCustomerRepository.over(dataSource);
  }

  @Bean
  CreateCustomer createCustomer(JdbiCustomerRepository customers) {
    return new CreateCustomer(customers, Clock.systemUTC());
  }
  // --- docs example ends ---
}
