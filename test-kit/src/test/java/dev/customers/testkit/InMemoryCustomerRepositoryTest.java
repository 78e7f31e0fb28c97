package dev.customers.testkit;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;

class InMemoryCustomerRepositoryTest extends CustomerRepositoryContract {

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();

  @Override
  protected CustomerRepository repository() {
    return repository;
  }

  @Override
  protected EventOutbox outbox() {
    return repository;
  }
}
