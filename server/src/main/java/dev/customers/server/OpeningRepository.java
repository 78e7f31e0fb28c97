package dev.customers.server;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.jdbi.JdbiCustomerRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The repository while it opens: a request that comes before the database is ready waits for it, and the health
 * check says 503 until then.
 */
final class OpeningRepository implements CustomerRepository {
  private final CompletableFuture<JdbiCustomerRepository> opening;

  OpeningRepository(CompletableFuture<JdbiCustomerRepository> opening) {
    this.opening = opening;
  }

  /** The open repository; throws what opening it threw. */
  JdbiCustomerRepository opened() {
    try {
      return opening.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  @Override
  public SaveResult save(Customer customer) {
    return opened().save(customer);
  }

  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    return opened().save(customer, request);
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    return opened().deleteExpiredKeys(now, max);
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return opened().findById(id);
  }

  @Override
  public boolean emailTaken(String email) {
    return opened().emailTaken(email);
  }

  boolean isAvailable() {
    return opening.isDone() && !opening.isCompletedExceptionally() && opening.join().isAvailable();
  }
}
