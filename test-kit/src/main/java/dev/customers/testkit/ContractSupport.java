package dev.customers.testkit;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.aUniqueEmail;
import static dev.customers.testkit.Customers.anAddress;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the three contracts ({@link StorageContract}, {@link IdempotencyKeyContract}, {@link EventOutboxContract})
 * share: their sample data, keys, races and the checked save and find. Here rather than in the interfaces, whose
 * fields and default methods would all be public.
 */
final class ContractSupport {

  static final int RACING_SAVES = 32;
  static final int RACING_KEYED_SAVES = 16;
  static final Duration KEY_TTL = Duration.ofHours(24);
  /** When the keyed saves happen, but for the tests of expiry. */
  static final Instant AT = FixedClock.DEFAULT_INSTANT;
  /** The events tests' days are before this one, each earlier than the one before. */
  static final Instant EVENT_DAYS_END = Instant.parse("1900-01-01T00:00:00Z");
  static final AtomicLong EVENT_DAYS = new AtomicLong();
  static final Duration LEASE = Duration.ofMinutes(1);
  static final int CLAIMING_THREADS = 8;

  private ContractSupport() {}

  static List<SaveResult> racingSavesOfOneEmail(CustomerRepository repository) throws Exception {
    String email = aUniqueEmail();
    CountDownLatch ready = new CountDownLatch(RACING_SAVES);
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<SaveResult>> saves = new ArrayList<>();
    for (int i = 0; i < RACING_SAVES; i++) {
      Customer customer = aCustomer()
          .email(i % 2 == 0 ? email : inAnotherCase(email))
          .tags(List.of("racer-" + i))
          .build();
      saves.add(() -> {
        ready.countDown();
        go.await();
        return repository.save(customer);
      });
    }
    return race(saves, ready, go);
  }

  /** Runs each task on a thread of its own; each counts {@code ready} down, then waits for {@code go}. */
  static <T> List<T> race(List<Callable<T>> tasks, CountDownLatch ready, CountDownLatch go)
      throws Exception {
    List<T> results = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(threads.submit(task));
      }
      assertThat(ready.await(30, SECONDS)).as("all threads ready").isTrue();
      go.countDown();
      for (Future<T> future : futures) {
        // An exception of any save fails the test here, with its cause.
        results.add(future.get(60, SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    return results;
  }

  static Customer winner(List<SaveResult> results) {
    return results.stream()
        .filter(SaveResult.Saved.class::isInstance)
        .map(result -> ((SaveResult.Saved) result).customer())
        .findFirst()
        .orElseThrow();
  }

  /** A key no other test uses, of an owner of its own. */
  static IdempotencyKey aUniqueKey() {
    return new IdempotencyKey("owner-" + UUID.randomUUID(), "key-" + UUID.randomUUID());
  }

  static KeyedRequest keyed(IdempotencyKey key, String fingerprint, Instant receivedAt) {
    return new KeyedRequest(key, fingerprint, receivedAt, receivedAt.plus(KEY_TTL));
  }

  static Customer savedUnder(CustomerRepository repository, IdempotencyKey key, String fingerprint,
      Customer customer) {
    SaveResult result = repository.save(customer, keyed(key, fingerprint, AT));
    assertThat(result).as("saving %s under a key", customer.email()).isInstanceOf(SaveResult.Saved.class);
    return ((SaveResult.Saved) result).customer();
  }

  /** Metadata as a JSON parser hands it over: floats as BigDecimal, integers as Integer, Long or BigInteger. */
  static Map<String, Object> richMetadata() {
    Map<String, Object> deeper = new LinkedHashMap<>();
    deeper.put("items", List.of(Map.of("sku", "A-1", "qty", 2), Map.of("sku", "B-2", "qty", 1)));
    deeper.put("empty object", Map.of());
    deeper.put("empty list", List.of());
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("level", 1);
    nested.put("deeper", deeper);
    nested.put("gone", null);

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("zeta", "keys out of alphabetical order");
    metadata.put("price", new BigDecimal("1.50"));
    metadata.put("tiny", new BigDecimal("1e-7"));
    metadata.put("pi", new BigDecimal("3.14159265358979323846264338327950288"));
    metadata.put("negative", new BigDecimal("-0.5"));
    metadata.put("count", 42);
    metadata.put("zero", 0);
    metadata.put("long", 9_007_199_254_740_993L);
    metadata.put("big", new BigInteger("123456789012345678901234567890"));
    metadata.put("yes", true);
    metadata.put("no", false);
    metadata.put("nothing", null);
    metadata.put("ภาษาไทย 😀", "สวัสดี \"quoted\" \\ back-slashed\nnew line, tab\t, é");
    metadata.put("list", Arrays.asList(1, "two", null, true, new BigDecimal("3.0"), List.of(), Map.of()));
    metadata.put("nested", nested);
    return metadata;
  }

  static List<Address> threeAddresses() {
    return List.of(
        anAddress().country("SE").line1("3 Third Street").line4("Stockholm").phoneNumber("").build(),
        anAddress().country("AT").line1("1 First Street").line4("Wien").isDefaultForBilling(false)
            .isDefaultForShipping(false).build(),
        anAddress().country("NO").line1("2 Second Street").line4("Oslo").isDefaultForBilling(false)
            .isDefaultForShipping(false).build());
  }

  static Customer saved(CustomerRepository repository, Customer customer) {
    SaveResult result = repository.save(customer);
    assertThat(result).as("saving %s", customer.email()).isInstanceOf(SaveResult.Saved.class);
    Customer saved = ((SaveResult.Saved) result).customer();
    assertThat(saved.id()).isPresent();
    assertThat(saved.addresses()).allSatisfy(address -> assertThat(address.id()).isPresent());
    return saved;
  }

  static Customer found(CustomerRepository repository, Customer saved) {
    CustomerId id = saved.id().orElseThrow();
    Optional<Customer> found = repository.findById(id);
    assertThat(found).as("customer %s", id).isPresent();
    return found.get();
  }

  static List<Long> addressIds(Customer customer) {
    return customer.addresses().stream().map(address -> address.id().orElseThrow().value()).toList();
  }

  /** The same email in another case, as a customer may hold it: the local part as sent, the domain in lower case. */
  static String inAnotherCase(String email) {
    int at = email.lastIndexOf('@');
    return email.substring(0, at).toUpperCase(Locale.ROOT) + email.substring(at);
  }

  static Customer withoutIds(Customer customer) {
    return Customer.builder().from(customer)
        .id(Optional.empty())
        .addresses(customer.addresses().stream()
            .map(address -> Address.builder().from(address).id(Optional.empty()).build())
            .toList())
        .build();
  }

  /**
   * A day of its own for an events test, before 1900 and earlier than the last test's, with the events of that day
   * and earlier ones pruned (an earlier run's, in a kept database).
   */
  static Instant aDayOfItsOwn(EventOutbox outbox) {
    Instant day = EVENT_DAYS_END.minus(Duration.ofDays(EVENT_DAYS.incrementAndGet()));
    Instant dayEnd = day.plus(Duration.ofDays(1));
    outbox.prune(dayEnd, dayEnd, Integer.MAX_VALUE);
    return day;
  }

  static EventState theEventOf(EventOutbox outbox, Customer saved) {
    List<EventState> events = outbox.eventsOf(saved.id().orElseThrow());
    assertThat(events).as("the events of customer %s", saved.id().orElseThrow()).hasSize(1);
    return events.get(0);
  }

  static Claimed theOnlyClaim(List<Claimed> claimed) {
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }
}
