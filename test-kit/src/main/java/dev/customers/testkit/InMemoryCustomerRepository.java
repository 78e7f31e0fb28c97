package dev.customers.testkit;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CustomerRepository} in memory, with a database's guarantees: thread-safe, ids assigned in order,
 * emails unique ignoring case even when saves race (exactly one wins), nothing stored by a save that fails.
 */
public final class InMemoryCustomerRepository implements CustomerRepository {

  private final Map<CustomerId, Customer> byId = new ConcurrentHashMap<>();
  private final Map<String, CustomerId> idByEmail = new ConcurrentHashMap<>();
  private final AtomicLong customerIds = new AtomicLong();
  private final AtomicLong addressIds = new AtomicLong();

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
