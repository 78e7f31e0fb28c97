package dev.customers.domain;

import java.util.Optional;

/**
 * Where customers are kept. Implementations must pass {@code CustomerRepositoryContract} from the test-kit.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the storage cannot be reached.
 */
public interface CustomerRepository {

  /**
   * Stores a new customer (one without an id) with its addresses and tags, all or nothing, and assigns the ids.
   * When another customer already has the email, ignoring case, nothing is stored and the answer is
   * {@link SaveResult.EmailTaken}: also when two saves of one email race, exactly one of them wins and the other
   * is told so, never with an exception of the storage's own kind.
   */
  SaveResult save(Customer customer);

  Optional<Customer> findById(CustomerId id);

  /** Whether a stored customer has this email, ignoring case. */
  boolean emailTaken(String email);

  /** The outcome of {@link #save}. */
  sealed interface SaveResult {

    /** Stored: the customer and its addresses now carry their ids. */
    record Saved(Customer customer) implements SaveResult {}

    /** Nothing stored: a customer with this email, ignoring case, already exists. */
    record EmailTaken() implements SaveResult {}
  }
}
