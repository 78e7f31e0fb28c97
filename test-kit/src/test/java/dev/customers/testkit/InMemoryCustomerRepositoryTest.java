package dev.customers.testkit;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;

class InMemoryCustomerRepositoryTest extends CustomerRepositoryContract {

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();

  @Override
  public CustomerRepository repositoryUnderTest() {
    return repository;
  }

  @Override
  public EventOutbox outboxUnderTest() {
    return repository;
  }
}
