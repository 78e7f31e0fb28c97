package dev.customers.testkit;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.IdempotencyKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CustomerRepository} in memory, with a database's guarantees: thread-safe, ids assigned in order,
 * emails unique ignoring case even when saves race (exactly one wins), nothing stored by a save that fails;
 * idempotency keys unique per owner, claimed atomically before the customer is saved.
 */
public final class InMemoryCustomerRepository implements CustomerRepository {

  private final Map<CustomerId, Customer> byId = new ConcurrentHashMap<>();
  private final Map<String, CustomerId> idByEmail = new ConcurrentHashMap<>();
  private final AtomicLong customerIds = new AtomicLong();
  private final AtomicLong addressIds = new AtomicLong();
  /** Keys by owner and key; a claim without a customer id is a save under way. */
  private final Map<IdempotencyKey, Claim> claims = new ConcurrentHashMap<>();

  /** A key taken by a save: its request, and the customer it made once that save has stored it. */
  private static final class Claim {
    final KeyedRequest request;
    volatile CustomerId made;

    Claim(KeyedRequest request) {
      this.request = request;
    }
  }

  @Override
  public SaveResult save(Customer customer) {
    if (customer.id().isPresent()) {
      throw new IllegalArgumentException("Only a new customer (without id) can be saved, got id " + customer.id().get());
    }
    String key = customer.email().toLowerCase(Locale.ROOT);
    // The email is claimed before the customer is visible: the atomic putIfAbsent is the unique index.
    CustomerId id = CustomerId.of(customerIds.incrementAndGet());
    if (idByEmail.putIfAbsent(key, id) != null) {
      return new SaveResult.EmailTaken();
    }
    List<Address> addresses = new ArrayList<>(customer.addresses().size());
    for (Address address : customer.addresses()) {
      addresses.add(address.withId(AddressId.of(addressIds.incrementAndGet())));
    }
    Customer stored = customer.withId(id).withAddresses(addresses);
    byId.put(id, stored);
    return new SaveResult.Saved(stored);
  }

  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    Claim mine = new Claim(request);
    // The atomic compute is the unique key: of racing saves under one key, one claims it; an expired key is free.
    Claim found = claims.compute(request.key(), (key, earlier) ->
        earlier == null || !earlier.request.expiresAt().isAfter(request.receivedAt()) ? mine : earlier);
    if (found != mine) {
      if (!found.request.fingerprint().equals(request.fingerprint())) {
        return new SaveResult.KeyUsedWithAnotherRequest();
      }
      CustomerId made = found.made;
      return made == null ? new SaveResult.KeyInFlight() : new SaveResult.Replayed(byId.get(made));
    }
    SaveResult result;
    try {
      result = save(customer);
    } catch (RuntimeException e) {
      claims.remove(request.key(), mine);
      throw e;
    }
    if (result instanceof SaveResult.Saved saved) {
      mine.made = saved.customer().id().orElseThrow();
    } else {
      claims.remove(request.key(), mine);
    }
    return result;
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    int deleted = 0;
    for (Map.Entry<IdempotencyKey, Claim> entry : claims.entrySet()) {
      if (deleted == max) {
        break;
      }
      Claim claim = entry.getValue();
      if (!claim.request.expiresAt().isAfter(now) && claims.remove(entry.getKey(), claim)) {
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public boolean emailTaken(String email) {
    return idByEmail.containsKey(email.toLowerCase(Locale.ROOT));
  }

  /** How many customers are stored. */
  public int size() {
    return byId.size();
  }
}
