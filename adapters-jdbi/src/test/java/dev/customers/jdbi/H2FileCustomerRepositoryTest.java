package dev.customers.jdbi;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;
import dev.customers.testkit.CustomerRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class H2FileCustomerRepositoryTest extends CustomerRepositoryContract {

  @TempDir
  static Path directory;

  private static JdbiCustomerRepository repository;

  @BeforeAll
  static void open() {
    repository = JdbiCustomerRepository.open("jdbc:h2:file:" + directory.resolve("customers"), "sa", "");
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
