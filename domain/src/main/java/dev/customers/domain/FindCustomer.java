package dev.customers.domain;

import java.util.Objects;
import java.util.Optional;

/** Reads a stored customer back by its id. */
public final class FindCustomer {

  private final CustomerRepository customers;

  public FindCustomer(CustomerRepository customers) {
    this.customers = Objects.requireNonNull(customers, "customers");
  }

  public Optional<Customer> find(CustomerId id) {
    return customers.findById(id);
  }
}
