package dev.customers.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop's Spring Boot app: its own {@code orders} table, migrated by Spring Boot's Flyway from
 * {@code db/migration}, and customers stored in the same database through Boot's own HikariCP pool by
 * customers-spring-boot-starter, which declares every bean of ours: the shop declares none.
 */
@SpringBootApplication
public class ShopApplication {

  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
