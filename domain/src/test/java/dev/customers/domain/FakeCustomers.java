package dev.customers.domain;

import dev.customers.domain.CustomerRepository.KeyedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CustomerRepository} in a map, for the domain's own tests. Not a second in-memory repository: test-kit's
 * {@code InMemoryCustomerRepository} is that, proven by the contract, but test-kit depends on this module and Maven
 * refuses the cycle even in test scope. So this fake holds only what the use case's tests need: a map by email, a
 * storage that loses every race, and a record of the emails asked about. Not thread-safe.
 */
final class FakeCustomers implements CustomerRepository {

  private final Map<String, Customer> byEmail = new LinkedHashMap<>();
  private final boolean losesEveryRace;
  private final List<String> emailsAskedAbout = new ArrayList<>();
  private final Map<IdempotencyKey, KeyedRequest> requests = new HashMap<>();
  private final Map<IdempotencyKey, CustomerId> madeUnderKey = new HashMap<>();
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

  /** Keys as the contract says, without its races: this fake is used by one thread. */
  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    KeyedRequest earlier = requests.get(request.key());
    if (earlier != null && earlier.expiresAt().isAfter(request.receivedAt())) {
      return earlier.fingerprint().equals(request.fingerprint())
          ? new SaveResult.Replayed(findById(madeUnderKey.get(request.key())).orElseThrow())
          : new SaveResult.KeyUsedWithAnotherRequest();
    }
    SaveResult result = save(customer);
    if (result instanceof SaveResult.Saved saved) {
      requests.put(request.key(), request);
      madeUnderKey.put(request.key(), saved.customer().id().orElseThrow());
    }
    return result;
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    List<IdempotencyKey> expired = requests.entrySet().stream()
        .filter(entry -> !entry.getValue().expiresAt().isAfter(now)).map(Map.Entry::getKey).limit(max).toList();
    expired.forEach(requests::remove);
    expired.forEach(madeUnderKey::remove);
    return expired.size();
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
    return email.toLowerCase(Locale.ROOT);
  }
}
