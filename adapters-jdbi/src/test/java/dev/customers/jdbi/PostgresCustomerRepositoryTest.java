package dev.customers.jdbi;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;
import dev.customers.testkit.CustomerRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresCustomerRepositoryTest extends CustomerRepositoryContract {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  private static JdbiCustomerRepository repository;

  @BeforeAll
  static void open() {
    repository = JdbiCustomerRepository.open(postgres.url(), postgres.user(), postgres.password());
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

  /** jsonb keeps keys in its own order (shorter first). */
  @Override
  protected boolean keepsMetadataKeyOrder() {
    return false;
  }
}
