package dev.customers.domain;

import dev.customers.domain.CustomerRepository.KeyedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CustomerRepository} in a map, for the domain's own tests. Not a second in-memory repository: test-kit's
 * {@code InMemoryCustomerRepository} is that, proven by the contract, but test-kit depends on this module and Maven
 * refuses the cycle even in test scope. So this fake holds only what the use case's tests need: a map by email, a
 * storage that loses every race, and a record of the emails asked about; no idempotency keys (the tests of creates
 * under keys live in test-kit, over the repository the contract proves). Not thread-safe.
 */
final class FakeCustomers implements CustomerRepository {

  private final Map<String, Customer> byEmail = new LinkedHashMap<>();
  private final boolean losesEveryRace;
  private final List<String> emailsAskedAbout = new ArrayList<>();
  private long lastCustomerId;
  private long lastAddressId;

  private FakeCustomers(boolean losesEveryRace) {
    this.losesEveryRace = losesEveryRace;
  }

  static FakeCustomers empty() {
    return new FakeCustomers(false);
  }

  /**
   * A storage where another create of the same email always wins between the check and the save: the email looks
   * free, yet the save answers {@link SaveResult.EmailTaken}.
   */
  static FakeCustomers losingEveryRace() {
    return new FakeCustomers(true);
  }

  @Override
  public SaveResult save(Customer customer) {
    if (losesEveryRace || byEmail.containsKey(key(customer.email()))) {
      return new SaveResult.EmailTaken();
    }
    List<Address> addresses = new ArrayList<>();
    for (Address address : customer.addresses()) {
      addresses.add(address.withId(AddressId.of(++lastAddressId)));
    }
    Customer stored = customer.withId(CustomerId.of(++lastCustomerId)).withAddresses(addresses);
    byEmail.put(key(stored.email()), stored);
    return new SaveResult.Saved(stored);
  }

  /** The domain's tests send no keys: creates under keys are tested in test-kit, over a proven repository. */
  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    throw new UnsupportedOperationException("Keyed creates are tested in test-kit's CreateCustomerUnderKeysTest");
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    throw new UnsupportedOperationException("Keys are not kept here");
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return byEmail.values().stream().filter(c -> c.id().equals(Optional.of(id))).findFirst();
  }

  @Override
  public boolean emailTaken(String email) {
    emailsAskedAbout.add(email);
    return !losesEveryRace && byEmail.containsKey(key(email));
  }

  List<Customer> stored() {
    return List.copyOf(byEmail.values());
  }

  List<String> emailsAskedAbout() {
    return List.copyOf(emailsAskedAbout);
  }

  /** What a database's unique index on lower(email) compares. */
  private static String key(String email) {
    return Customer.emailKey(email);
  }
}
