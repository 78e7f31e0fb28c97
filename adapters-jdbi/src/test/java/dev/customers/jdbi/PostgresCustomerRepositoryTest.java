package dev.customers.jdbi;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;
import dev.customers.testkit.CustomerRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresCustomerRepositoryTest extends CustomerRepositoryContract {

  private static TestPostgres postgres;
  private static JdbiCustomerRepository repository;

  @BeforeAll
  static void open() {
    postgres = TestPostgres.start();
    repository = JdbiCustomerRepository.open(postgres.urlOfNewSchema(), postgres.user(), postgres.password());
  }

  @AfterAll
  static void close() throws Exception {
    repository.close();
    postgres.close();
  }

  @Override
  protected CustomerRepository repository() {
    return repository;
  }

  @Override
  protected EventOutbox outbox() {
    return repository;
  }

  /** jsonb keeps keys in its own order (shorter first). */
  @Override
  protected boolean keepsMetadataKeyOrder() {
    return false;
  }
}
