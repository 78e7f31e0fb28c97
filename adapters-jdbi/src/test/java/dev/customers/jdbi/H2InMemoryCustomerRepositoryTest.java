package dev.customers.jdbi;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;
import dev.customers.testkit.CustomerRepositoryContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2InMemoryCustomerRepositoryTest extends CustomerRepositoryContract {

  private static JdbiCustomerRepository repository;

  @BeforeAll
  static void open() {
    repository = JdbiCustomerRepository.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @AfterAll
  static void close() {
    repository.close();
  }

  @Override
  protected CustomerRepository repository() {
    return repository;
  }

  @Override
  protected EventOutbox outbox() {
    return repository;
  }
}
