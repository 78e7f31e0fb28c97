package dev.customers.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where customers are kept. Implementations must pass {@code CustomerRepositoryContract} from the test-kit.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the storage cannot be reached.
 */
public interface CustomerRepository {

  /**
   * Stores a new customer (one without an id) with its addresses and tags, all or nothing, and assigns the ids.
   * When another customer already has the email's mailbox (the same {@link Customer#emailKey()}), nothing is
   * stored and the answer is {@link SaveResult.EmailTaken}: also when two saves of one email race, exactly one of
   * them wins and the other is told so, never with an exception of the storage's own kind.
   *
   * <p>With the customer, in the same transaction, the save stores its
   * {@link dev.customers.domain.events.CustomerCreated#of event} (pending delivery, due at once: its next attempt
   * at its {@code occurredAt}) for the repository's {@link dev.customers.domain.events.EventOutbox}: no customer
   * without its event, no event without its customer.
   */
  SaveResult save(Customer customer);

  /**
   * As {@link #save(Customer)}, under an idempotency key: the key, its request's fingerprint and the new customer's
   * id are stored in the same transaction as the customer, and a key already stored (and not yet expired at
   * {@link KeyedRequest#receivedAt()}) is answered instead of saving: {@link SaveResult.Replayed} with the customer
   * it made when the fingerprints are equal, else {@link SaveResult.KeyUsedWithAnotherRequest}. The storage's unique
   * key decides, so of saves racing under one key exactly one stores; the others are answered as above, or
   * {@link SaveResult.KeyInFlight} while the first is uncommitted. A save that stores no customer stores no key.
   */
  SaveResult save(Customer customer, KeyedRequest request);

  Optional<Customer> findById(CustomerId id);

  /** Whether a stored customer has this email's mailbox: the same {@link Customer#emailKey(String)}. */
  boolean emailTaken(String email);

  /** Deletes at most {@code max} keys that expired at or before {@code now}; answers how many it deleted. */
  int deleteExpiredKeys(Instant now, int max);

  /** A create's idempotency key, what identifies its request, and until when the key is kept. */
  record KeyedRequest(IdempotencyKey key, String fingerprint, Instant receivedAt, Instant expiresAt) {
    public KeyedRequest {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** The outcome of a save. */
  sealed interface SaveResult {

    /** Stored: the customer and its addresses now carry their ids. */
    record Saved(Customer customer) implements SaveResult {}

    /** Nothing stored: a customer with this email's mailbox (its {@link Customer#emailKey()}) already exists. */
    record EmailTaken() implements SaveResult {}

    /** Nothing stored: the key's earlier request, the same as this one, made this customer. */
    record Replayed(Customer customer) implements SaveResult {}

    /** Nothing stored: the key was used with a request whose fingerprint differs. */
    record KeyUsedWithAnotherRequest() implements SaveResult {}

    /** Nothing stored: a save under the key has not finished (neither committed nor rolled back). */
    record KeyInFlight() implements SaveResult {}
  }
}
