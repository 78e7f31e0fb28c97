package dev.customers.jdbi;

import dev.customers.domain.CustomerRepository;
import dev.customers.testkit.CustomerRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The test kit's contract on a repository that a subclass opens ({@link #open()}) once for its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbiRepositoryContract extends CustomerRepositoryContract {

  private JdbiCustomerRepository repository;

  abstract JdbiCustomerRepository open();

  @BeforeAll
  final void openRepository() {
    repository = open();
  }

  @AfterAll
  final void closeRepository() {
    repository.close();
  }

  @Override
  public CustomerRepository repositoryUnderTest() {
    return repository;
  }
}
