package dev.customers.testkit;

import dev.customers.domain.CustomerRepository;

class InMemoryCustomerRepositoryTest extends CustomerRepositoryContract {

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();

  @Override
  protected CustomerRepository repository() {
    return repository;
  }
}
