package dev.customers.server;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventRelay;
import java.time.Instant;
import java.util.Optional;

/**
 * A repository whose stored customers wake the relay, once one runs, so that their events go out now rather than at
 * the next poll (on the request's thread only the wake-up: the delivery runs on the relay's).
 */
final class RelayWakingRepository implements CustomerRepository {
  private final CustomerRepository customers;
  private volatile EventRelay relay;

  RelayWakingRepository(CustomerRepository customers) {
    this.customers = customers;
  }

  EventRelay wakes(EventRelay relay) {
    this.relay = relay;
    return relay;
  }

  @Override
  public SaveResult save(Customer customer) {
    return wake(customers.save(customer));
  }

  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    return wake(customers.save(customer, request));
  }

  private SaveResult wake(SaveResult result) {
    EventRelay running = relay;
    if (running != null && result instanceof SaveResult.Saved) {
      running.wake();
    }
    return result;
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    return customers.deleteExpiredKeys(now, max);
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return customers.findById(id);
  }

  @Override
  public boolean emailTaken(String email) {
    return customers.emailTaken(email);
  }
}
