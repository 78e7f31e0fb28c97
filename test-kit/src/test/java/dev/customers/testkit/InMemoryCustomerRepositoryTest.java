package dev.customers.testkit;

import dev.customers.domain.CustomerRepository;

class InMemoryCustomerRepositoryTest extends CustomerRepositoryContract {

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();

  @Override
  public CustomerRepository repositoryUnderTest() {
    return repository;
  }
}
