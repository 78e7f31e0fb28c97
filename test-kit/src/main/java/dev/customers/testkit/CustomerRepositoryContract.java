package dev.customers.testkit;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.aUniqueEmail;
import static dev.customers.testkit.Customers.anAddress;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.events.EventOutbox;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Lease;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.Language;
import dev.customers.domain.Metadata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerRepository} must do, with the {@link EventOutbox} of the events its saves store. A
 * storage adapter proves it by a small subclass that provides the repository under test and its outbox:
 *
 * <pre>{@code
 * class MyCustomerRepositoryTest extends CustomerRepositoryContract {
 *   private final MyCustomerRepository repository = new MyCustomerRepository(...);
 *
 *   @Override
 *   protected CustomerRepository repository() {
 *     return repository;
 *   }
 *
 *   @Override
 *   protected EventOutbox outbox() {
 *     return repository;
 *   }
 * }
 * }</pre>
 *
 * <p>Every test is public and may be overridden: an adapter that cannot meet one as written (in another
 * repository, say) overrides it, says why, and tests what it can instead.
 *
 * <p>The tests need no empty storage: every customer they save has an email no other test uses
 * ({@link Customers#aUniqueEmail()}), so one repository may serve a whole class, or a database kept between runs.
 * The tests of events claim and prune by time, so they need their own events to be the only ones due: their
 * customers join before 1900, each test on a day of its own, earlier than the day of the test before; each first
 * prunes the events of its day and earlier ones (an earlier run's, in a kept database). Other tests' customers join
 * later, and the tests run one at a time (as JUnit runs them unless told otherwise).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class CustomerRepositoryContract {

  private static final int RACING_SAVES = 32;
  private static final int RACING_KEYED_SAVES = 16;
  private static final Duration KEY_TTL = Duration.ofHours(24);
  /** When the keyed saves happen, but for the tests of expiry. */
  private static final Instant AT = FixedClock.DEFAULT_INSTANT;
  /** The events tests' days are before this one, each earlier than the one before. */
  private static final Instant EVENT_DAYS_END = Instant.parse("1900-01-01T00:00:00Z");
  private static final AtomicLong EVENT_DAYS = new AtomicLong();
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final int CLAIMING_THREADS = 8;

  /** The repository under test. Tests call it often, from several threads too: answer the same instance. */
  protected abstract CustomerRepository repository();

  /** The outbox of the events that {@link #repository()} stores with its customers (often the same object). */
  protected abstract EventOutbox outbox();

  /**
   * Removes every stored customer; called before each test, before the subclass's own {@code @BeforeEach}
   * methods. The contract does not need it (see above); override it to keep a shared database small.
   */
  protected void wipe() {}

  /**
   * Whether metadata comes back with its keys in the order they were saved. A JSON object is unordered and
   * {@link Metadata#equals} ignores order, so a storage may reorder keys (PostgreSQL's {@code jsonb} does): such
   * an adapter overrides this with {@code false}, and the contract then asks for the same keys and values only.
   */
  protected boolean keepsMetadataKeyOrder() {
    return true;
  }

  @BeforeEach
  final void startFromWhatWipeLeaves() {
    wipe();
  }

  @Test
  public void every_field_survives_a_round_trip() {
    Customer customer = aCustomer()
        .firstName("Zoë 😀")
        .lastName("สมชาย ใจดี")
        .phoneNumber("+66812345678")
        .language(Language.TH)
        .acceptsMarketing(true)
        .isBlocked(true)
        .ip("2001:db8::8a2e:370:7334")
        .userAgent("Mozilla/5.0 \"quoted\" \\ back-slashed\nand on a second line 😀")
        .metadata(Metadata.of(richMetadata()))
        .tags(List.of("ลูกค้าประจำ", "🎉 launch", "VIP"))
        .addresses(List.of(
            anAddress()
                .country("TH")
                .firstName("สมชาย")
                .lastName("ใจดี 😀")
                .line1("123/45 ถนนสุขุมวิท")
                .line2("แขวงคลองเตย")
                .line3("เขตคลองเตย")
                .line4("กรุงเทพมหานคร")
                .state("กรุงเทพฯ")
                .postcode("10110")
                .phoneNumber("+6621234567")
                .notes("Ring twice.\nThen wait 🙂")
                .isDefaultForBilling(true)
                .isDefaultForShipping(false)
                .build(),
            anAddress().isDefaultForBilling(false).isDefaultForShipping(true).build()))
        .build();

    Customer saved = saved(customer);

    assertThat(withoutIds(saved)).isEqualTo(customer);
    assertThat(found(saved)).isEqualTo(saved);
  }

  @Test
  public void metadata_keeps_nesting_nulls_booleans_and_exact_numbers() {
    Customer saved = saved(aCustomer().metadata(Metadata.of(richMetadata())).build());

    Metadata metadata = found(saved).metadata();

    assertThat(metadata).isEqualTo(saved.metadata());
    Map<String, Object> values = metadata.asMap();
    // BigDecimal.equals compares the scale too: 1.50 is not 1.5.
    assertThat(values.get("price")).isEqualTo(new BigDecimal("1.50"));
    assertThat(values.get("tiny")).isEqualTo(new BigDecimal("1e-7"));
    assertThat(values.get("pi")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
    assertThat(values.get("count")).isEqualTo(42);
    assertThat(values.get("long")).isEqualTo(9_007_199_254_740_993L);
    assertThat(values.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(values).containsEntry("yes", true).containsEntry("no", false).containsEntry("nothing", null);
    assertThat(values.get("list")).isEqualTo(richMetadata().get("list"));
    assertThat(values.get("nested")).isEqualTo(richMetadata().get("nested"));
  }

  @Test
  public void metadata_keys_keep_their_order_where_the_storage_keeps_it() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("zz", 1);
    inner.put("a", 2);
    inner.put("mmm", 3);
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("zulu", "first");
    outer.put("alpha", inner);
    outer.put("mike", List.of());
    outer.put("bravo", null);
    Customer saved = saved(aCustomer().metadata(Metadata.of(outer)).build());

    Metadata metadata = found(saved).metadata();

    assertThat(metadata).isEqualTo(saved.metadata());
    @SuppressWarnings("unchecked")
    Map<String, Object> foundInner = (Map<String, Object>) metadata.asMap().get("alpha");
    if (keepsMetadataKeyOrder()) {
      assertThat(metadata.asMap().keySet()).containsExactly("zulu", "alpha", "mike", "bravo");
      assertThat(foundInner.keySet()).containsExactly("zz", "a", "mmm");
    } else {
      assertThat(metadata.asMap().keySet()).containsExactlyInAnyOrder("zulu", "alpha", "mike", "bravo");
      assertThat(foundInner.keySet()).containsExactlyInAnyOrder("zz", "a", "mmm");
    }
  }

  @Test
  public void ids_are_positive_distinct_and_increasing() {
    long first = saved(aCustomer().build()).id().orElseThrow().value();
    long second = saved(aCustomer().build()).id().orElseThrow().value();
    long third = saved(aCustomer().build()).id().orElseThrow().value();

    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  public void every_address_gets_an_id_of_its_own() {
    Customer one = saved(aCustomer().addresses(threeAddresses()).build());
    Customer other = saved(aCustomer().addresses(threeAddresses()).build());

    List<Long> ids = new ArrayList<>(addressIds(one));
    ids.addAll(addressIds(other));

    assertThat(ids).hasSize(6).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
    assertThat(found(one).addresses()).isEqualTo(one.addresses());
    assertThat(found(other).addresses()).isEqualTo(other.addresses());
  }

  @Test
  public void addresses_and_tags_keep_their_order() {
    Customer saved = saved(aCustomer()
        .addresses(threeAddresses())
        .tags(List.of("zeta", "Alpha", "mu", "beta", "Ωmega", "alpha-2"))
        .build());

    Customer found = found(saved);

    assertThat(found.addresses()).extracting(Address::line1)
        .containsExactly("3 Third Street", "1 First Street", "2 Second Street");
    assertThat(found.tags()).containsExactly("zeta", "Alpha", "mu", "beta", "Ωmega", "alpha-2");
  }

  @Test
  public void an_unknown_id_finds_nothing() {
    assertThat(repository().findById(CustomerId.of(Long.MAX_VALUE))).isEmpty();
  }

  @Test
  public void emailTaken_ignores_case() {
    String email = aUniqueEmail();
    saved(aCustomer().email(email).build());

    assertThat(repository().emailTaken(email)).isTrue();
    assertThat(repository().emailTaken(email.toUpperCase(Locale.ROOT))).isTrue();
    assertThat(repository().emailTaken(aUniqueEmail())).isFalse();
  }

  @Test
  public void a_second_save_of_an_email_in_another_case_is_EmailTaken() {
    String email = aUniqueEmail();
    Customer first = saved(aCustomer().email(email).build());

    SaveResult second = repository().save(aCustomer().email(inAnotherCase(email)).build());

    assertThat(second).isInstanceOf(SaveResult.EmailTaken.class);
    assertThat(found(first)).isEqualTo(first);
  }

  @Test
  public void of_32_racing_saves_of_one_email_exactly_one_wins_and_the_others_hear_EmailTaken() throws Exception {
    List<SaveResult> results = racingSavesOfOneEmail();

    assertThat(results).filteredOn(SaveResult.Saved.class::isInstance).hasSize(1);
    assertThat(results).filteredOn(SaveResult.EmailTaken.class::isInstance).hasSize(RACING_SAVES - 1);
    Customer winner = winner(results);
    assertThat(found(winner)).isEqualTo(winner);
  }

  @Test
  public void of_16_racing_saves_of_one_request_under_one_key_exactly_one_stores_and_the_others_replay_it_or_hear_it_is_in_flight()
      throws Exception {
    KeyedRequest request = keyed(aUniqueKey(), "one request", AT);
    Customer customer = aCustomer().tags(List.of("keyed")).addresses(threeAddresses()).build();
    CountDownLatch ready = new CountDownLatch(RACING_KEYED_SAVES);
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<SaveResult>> saves = new ArrayList<>();
    for (int i = 0; i < RACING_KEYED_SAVES; i++) {
      saves.add(() -> {
        ready.countDown();
        go.await();
        return repository().save(customer, request);
      });
    }

    List<SaveResult> results = race(saves, ready, go);

    assertThat(results).filteredOn(SaveResult.Saved.class::isInstance).hasSize(1);
    Customer winner = winner(results);
    assertThat(results).filteredOn(result -> !(result instanceof SaveResult.Saved)).allSatisfy(result ->
        assertThat(result).isIn(new SaveResult.Replayed(winner), new SaveResult.KeyInFlight()));
    assertThat(found(winner)).isEqualTo(winner);
    assertThat(repository().save(customer, request)).isEqualTo(new SaveResult.Replayed(winner));
  }

  @Test
  public void a_retry_under_a_stored_key_replays_the_first_customer_and_stores_nothing() {
    IdempotencyKey key = aUniqueKey();
    String email = aUniqueEmail();
    Customer first = savedUnder(key, "request", aCustomer().email(email).build());

    SaveResult retry = repository().save(
        aCustomer().email(email).dateJoined(AT.plusSeconds(5)).build(), keyed(key, "request", AT.plusSeconds(5)));
    Customer next = saved(aCustomer().build());

    assertThat(retry).isEqualTo(new SaveResult.Replayed(first));
    assertThat(next.id().orElseThrow().value()).isGreaterThan(first.id().orElseThrow().value());
  }

  @Test
  public void another_request_under_a_used_key_is_KeyUsedWithAnotherRequest_and_stores_nothing() {
    IdempotencyKey key = aUniqueKey();
    savedUnder(key, "request", aCustomer().build());
    String otherEmail = aUniqueEmail();

    SaveResult reused = repository().save(aCustomer().email(otherEmail).build(), keyed(key, "another request", AT));

    assertThat(reused).isEqualTo(new SaveResult.KeyUsedWithAnotherRequest());
    assertThat(repository().emailTaken(otherEmail)).isFalse();
  }

  @Test
  public void a_save_refused_for_its_email_stores_no_key() {
    IdempotencyKey key = aUniqueKey();
    Customer first = saved(aCustomer().build());

    SaveResult refused = repository().save(aCustomer().email(first.email()).build(), keyed(key, "taken", AT));
    SaveResult corrected = repository().save(aCustomer().build(), keyed(key, "corrected", AT));

    assertThat(refused).isEqualTo(new SaveResult.EmailTaken());
    assertThat(corrected).isInstanceOf(SaveResult.Saved.class);
  }

  @Test
  public void the_same_key_of_two_owners_is_two_keys() {
    String key = aUniqueKey().key();
    Customer mine = savedUnder(new IdempotencyKey("owner-a", key), "request", aCustomer().build());
    Customer theirs = savedUnder(new IdempotencyKey("owner-b", key), "request", aCustomer().build());

    assertThat(theirs.id()).isNotEqualTo(mine.id());
  }

  @Test
  public void an_expired_key_counts_as_absent() {
    IdempotencyKey key = aUniqueKey();
    savedUnder(key, "first request", aCustomer().build());
    Instant later = AT.plus(KEY_TTL).plusSeconds(1);

    SaveResult second = repository().save(aCustomer().dateJoined(later).build(), keyed(key, "second request", later));

    assertThat(second).isInstanceOf(SaveResult.Saved.class);
    assertThat(repository().save(aCustomer().build(), keyed(key, "second request", later)))
        .isEqualTo(new SaveResult.Replayed(((SaveResult.Saved) second).customer()));
  }

  @Test
  public void deleteExpiredKeys_deletes_up_to_its_batch_of_expired_keys_and_keeps_live_ones() {
    // Long before the keys of every other test, so that only this test's keys have expired at these times.
    Instant past = Instant.parse("1990-01-01T00:00:00Z");
    List<IdempotencyKey> expiring = List.of(aUniqueKey(), aUniqueKey(), aUniqueKey());
    for (IdempotencyKey key : expiring) {
      assertThat(repository().save(aCustomer().build(), new KeyedRequest(key, "r", past, past.plusSeconds(60))))
          .isInstanceOf(SaveResult.Saved.class);
    }
    IdempotencyKey live = aUniqueKey();
    Customer kept = ((SaveResult.Saved) repository().save(aCustomer().build(),
        new KeyedRequest(live, "r", past, past.plus(KEY_TTL)))).customer();
    Instant now = past.plusSeconds(120);

    int firstBatch = repository().deleteExpiredKeys(now, 2);
    int secondBatch = repository().deleteExpiredKeys(now, 2);

    assertThat(firstBatch).isEqualTo(2);
    assertThat(secondBatch).isEqualTo(1);
    assertThat(repository().deleteExpiredKeys(now, 2)).isZero();
    assertThat(repository().save(aCustomer().build(), new KeyedRequest(live, "r", now, now.plus(KEY_TTL))))
        .isEqualTo(new SaveResult.Replayed(kept));
  }

  @Test
  public void a_refused_save_leaves_nothing_behind() {
    String email = aUniqueEmail();
    Customer first = saved(aCustomer()
        .email(email)
        .tags(List.of("first"))
        .addresses(List.of(anAddress().line1("1 First Street").build()))
        .build());

    SaveResult refused = repository().save(aCustomer()
        .email(inAnotherCase(email))
        .tags(List.of("refused", "other"))
        .addresses(threeAddresses())
        .build());
    Customer next = saved(aCustomer().tags(List.of("next")).build());

    assertThat(refused).isInstanceOf(SaveResult.EmailTaken.class);
    assertThat(found(first)).isEqualTo(first);
    assertThat(found(next)).isEqualTo(next);
    long firstId = first.id().orElseThrow().value();
    long nextId = next.id().orElseThrow().value();
    for (long id = firstId + 1; id < nextId; id++) {
      assertThat(repository().findById(CustomerId.of(id))).as("customer %d, saved by no one", id).isEmpty();
    }
  }

  @Test
  public void dateJoined_is_kept_to_the_microsecond() {
    for (String instant : List.of(
        "2024-02-29T23:59:59.123456Z",
        "1999-12-31T23:59:59.999999Z",
        // Inside the hour that central Europe repeats when summer time ends: no local-time detour may shift it.
        "2023-10-29T00:30:00.000001Z",
        "2023-10-29T01:30:00.000001Z")) {
      Customer saved = saved(aCustomer().dateJoined(Instant.parse(instant)).build());

      assertThat(found(saved).dateJoined()).isEqualTo(Instant.parse(instant));
    }
  }

  @Test
  public void a_customer_and_an_address_with_only_required_fields_come_back_with_nothing_added() {
    Customer minimal = Customer.builder()
        .email(aUniqueEmail())
        .dateJoined(FixedClock.DEFAULT_INSTANT)
        .build();
    Customer withMinimalAddress = Customer.builder()
        .email(aUniqueEmail())
        .dateJoined(FixedClock.DEFAULT_INSTANT)
        .userAgent("")
        .addAddresses(Address.builder().country("FR").line1("1 rue de Rivoli").line4("Paris").build())
        .build();

    Customer found = found(saved(minimal));
    Customer foundWithAddress = found(saved(withMinimalAddress));

    assertThat(withoutIds(found)).isEqualTo(minimal);
    assertThat(found.phoneNumber()).isEmpty();
    assertThat(found.language()).isEmpty();
    assertThat(found.ip()).isEmpty();
    assertThat(found.userAgent()).isEmpty();
    assertThat(found.metadata().isEmpty()).isTrue();
    assertThat(found.tags()).isEmpty();
    assertThat(found.addresses()).isEmpty();
    assertThat(withoutIds(foundWithAddress)).isEqualTo(withMinimalAddress);
    assertThat(foundWithAddress.userAgent()).as("an empty user agent is not an absent one").contains("");
  }

  @Test
  public void fifty_addresses_and_250_tags_round_trip() {
    List<Address> addresses = IntStream.rangeClosed(1, 50)
        .mapToObj(i -> anAddress()
            .line1(i + " Long Street")
            .isDefaultForBilling(i == 7)
            .isDefaultForShipping(i == 42)
            .build())
        .toList();
    List<String> tags = IntStream.rangeClosed(1, 250).mapToObj(i -> "tag " + (251 - i)).toList();

    Customer saved = saved(aCustomer().addresses(addresses).tags(tags).build());
    Customer found = found(saved);

    assertThat(found).isEqualTo(saved);
    assertThat(found.addresses()).hasSize(50);
    assertThat(found.tags()).hasSize(250);
  }

  @Test
  public void text_at_the_domains_length_limits_round_trips() {
    // The domain counts code points: 255 emoji are 510 UTF-16 units, the longest value a column must take.
    String longest = "😀".repeat(255);
    String local = (aUniqueEmail().replace("@example.com", "") + ".").repeat(8).substring(0, 64);
    String email = local + "@" + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(57) + ".com";
    Customer customer = aCustomer()
        .email(email)
        .firstName(longest)
        .lastName(longest)
        .tags(List.of(longest))
        .addresses(List.of(anAddress()
            .firstName(longest)
            .lastName(longest)
            .line1(longest)
            .line2(longest)
            .line3(longest)
            .line4(longest)
            .state(longest)
            .postcode("😀".repeat(64))
            .phoneNumber("+12015550123")
            .notes("n".repeat(100_000))
            .build()))
        .userAgent("u".repeat(100_000))
        .build();

    assertThat(email).hasSize(254);
    Customer saved = saved(customer);

    assertThat(found(saved)).isEqualTo(saved);
  }

  @Test
  public void a_customer_that_already_has_an_id_is_refused() {
    Customer saved = saved(aCustomer().build());

    assertThatThrownBy(() -> repository().save(saved)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void a_saved_customer_has_exactly_one_pending_event_due_from_when_it_joined() {
    Customer saved = saved(aCustomer().build());
    Customer other = saved(aCustomer().build());

    EventState event = theEventOf(saved);

    assertThat(event.event().customerId()).isEqualTo(saved.id().orElseThrow());
    assertThat(event.event().occurredAt()).isEqualTo(saved.dateJoined());
    assertThat(event.status()).isEqualTo(Status.PENDING);
    assertThat(event.attempts()).isZero();
    assertThat(event.nextAttemptAt()).contains(saved.dateJoined());
    assertThat(event.finishedAt()).isEmpty();
    assertThat(theEventOf(other).event().eventId()).isNotEqualTo(event.event().eventId());
  }

  @Test
  public void an_unknown_customer_has_no_events() {
    assertThat(outbox().eventsOf(CustomerId.of(Long.MAX_VALUE))).isEmpty();
  }

  @Test
  public void a_keyed_replay_stores_no_second_event() {
    IdempotencyKey key = aUniqueKey();
    Customer customer = aCustomer().build();
    Customer first = savedUnder(key, "request", customer);
    EventState event = theEventOf(first);

    SaveResult replay = repository().save(customer, keyed(key, "request", AT.plusSeconds(5)));

    assertThat(replay).isEqualTo(new SaveResult.Replayed(first));
    assertThat(outbox().eventsOf(first.id().orElseThrow())).containsExactly(event);
  }

  @Test
  public void a_save_refused_for_its_email_stores_no_event() {
    Customer first = saved(aCustomer().build());
    EventState event = theEventOf(first);

    SaveResult refused = repository().save(aCustomer().email(inAnotherCase(first.email())).build());
    Customer next = saved(aCustomer().build());

    assertThat(refused).isInstanceOf(SaveResult.EmailTaken.class);
    assertThat(outbox().eventsOf(first.id().orElseThrow())).containsExactly(event);
    assertOnlyWithEvents(first, next, List.of());
  }

  @Test
  public void of_32_racing_saves_of_one_email_only_the_winner_stores_an_event() throws Exception {
    Customer before = saved(aCustomer().build());

    Customer winner = winner(racingSavesOfOneEmail());
    Customer after = saved(aCustomer().build());

    assertThat(theEventOf(winner).event().customerId()).isEqualTo(winner.id().orElseThrow());
    assertOnlyWithEvents(before, after, List.of(winner));
  }

  @Test
  public void an_event_is_due_from_when_its_customer_joined_and_a_claim_counts_an_attempt() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day.plusSeconds(10));
    CustomerCreated event = theEventOf(customer).event();

    List<Claimed> early = outbox().claimDue(day.plusSeconds(10).minusNanos(1_000), day.plus(LEASE), 10);
    List<Claimed> claimed = outbox().claimDue(day.plusSeconds(10), day.plusSeconds(10).plus(LEASE), 10);

    assertThat(early).isEmpty();
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).event()).isEqualTo(event);
    assertThat(claimed.get(0).attempt()).isEqualTo(1);
    assertThat(claimed.get(0).lease().eventId()).isEqualTo(event.eventId());
    EventState state = theEventOf(customer);
    assertThat(state.status()).isEqualTo(Status.PENDING);
    assertThat(state.attempts()).isEqualTo(1);
    assertThat(state.finishedAt()).isEmpty();
  }

  @Test
  public void a_claimed_event_is_not_claimed_again_before_its_lease_ends_and_is_after() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed first = theOnlyClaim(outbox().claimDue(day, day.plus(LEASE), 10));

    Instant leaseEnd = day.plus(LEASE);
    List<Claimed> whileLeased = outbox().claimDue(leaseEnd.minusNanos(1_000), leaseEnd.plus(LEASE), 10);
    Claimed second = theOnlyClaim(outbox().claimDue(leaseEnd, leaseEnd.plus(LEASE), 10));

    assertThat(whileLeased).isEmpty();
    assertThat(second.event()).isEqualTo(first.event());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.lease()).isNotEqualTo(first.lease());
    assertThat(theEventOf(customer).attempts()).isEqualTo(2);
  }

  @Test
  public void retryAt_makes_the_event_due_at_that_time_and_not_before() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed first = theOnlyClaim(outbox().claimDue(day, day.plus(LEASE), 10));
    Instant next = day.plusSeconds(30);

    boolean given = outbox().retryAt(first.lease(), next);
    EventState state = theEventOf(customer);
    List<Claimed> early = outbox().claimDue(next.minusNanos(1_000), next.plus(LEASE), 10);
    Claimed second = theOnlyClaim(outbox().claimDue(next, next.plus(LEASE), 10));

    assertThat(given).isTrue();
    assertThat(state.status()).isEqualTo(Status.PENDING);
    assertThat(state.nextAttemptAt()).contains(next);
    assertThat(state.attempts()).isEqualTo(1);
    assertThat(early).isEmpty();
    assertThat(second.event()).isEqualTo(first.event());
    assertThat(second.attempt()).isEqualTo(2);
  }

  @Test
  public void delivered_and_failed_are_final() {
    Instant day = aDayOfItsOwn();
    Customer delivered = joinedAt(day);
    Customer failed = joinedAt(day.plusSeconds(1));
    List<Claimed> claimed = outbox().claimDue(day.plusSeconds(1), day.plus(LEASE), 10);
    assertThat(claimed).hasSize(2);
    Lease deliveredLease = claimed.get(0).lease();
    Lease failedLease = claimed.get(1).lease();

    boolean markedDelivered = outbox().delivered(deliveredLease, day.plusSeconds(5));
    boolean markedFailed = outbox().failed(failedLease, day.plusSeconds(6));

    assertThat(markedDelivered).isTrue();
    assertThat(markedFailed).isTrue();
    EventState deliveredState = theEventOf(delivered);
    EventState failedState = theEventOf(failed);
    assertThat(deliveredState.status()).isEqualTo(Status.DELIVERED);
    assertThat(deliveredState.finishedAt()).contains(day.plusSeconds(5));
    assertThat(deliveredState.nextAttemptAt()).isEmpty();
    assertThat(deliveredState.attempts()).isEqualTo(1);
    assertThat(failedState.status()).isEqualTo(Status.FAILED);
    assertThat(failedState.finishedAt()).contains(day.plusSeconds(6));
    assertThat(failedState.nextAttemptAt()).isEmpty();
    assertThat(outbox().claimDue(day.plus(Duration.ofHours(12)), day.plus(Duration.ofHours(13)), 10)).isEmpty();
    assertThat(outbox().retryAt(deliveredLease, day.plusSeconds(7))).isFalse();
    assertThat(outbox().failed(deliveredLease, day.plusSeconds(7))).isFalse();
    assertThat(outbox().delivered(failedLease, day.plusSeconds(7))).isFalse();
    assertThat(theEventOf(delivered)).isEqualTo(deliveredState);
    assertThat(theEventOf(failed)).isEqualTo(failedState);
  }

  @Test
  public void a_report_under_a_lease_that_another_claim_took_over_changes_nothing() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed stale = theOnlyClaim(outbox().claimDue(day, day.plus(LEASE), 10));
    Claimed current = theOnlyClaim(outbox().claimDue(day.plus(LEASE), day.plus(LEASE.multipliedBy(2)), 10));
    EventState claimedAgain = theEventOf(customer);

    boolean delivered = outbox().delivered(stale.lease(), day.plus(LEASE).plusSeconds(1));
    boolean retried = outbox().retryAt(stale.lease(), day.plus(LEASE).plusSeconds(2));
    boolean failed = outbox().failed(stale.lease(), day.plus(LEASE).plusSeconds(3));

    assertThat(delivered).isFalse();
    assertThat(retried).isFalse();
    assertThat(failed).isFalse();
    assertThat(theEventOf(customer)).isEqualTo(claimedAgain);
    assertThat(outbox().claimDue(day.plus(LEASE).plusSeconds(4), day.plus(LEASE.multipliedBy(2)), 10)).isEmpty();
    assertThat(outbox().delivered(current.lease(), day.plus(LEASE).plusSeconds(5))).isTrue();
    assertThat(theEventOf(customer).status()).isEqualTo(Status.DELIVERED);
  }

  @Test
  public void a_report_after_the_lease_ended_still_counts_while_no_other_claim_took_the_event() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed slow = theOnlyClaim(outbox().claimDue(day, day.plus(LEASE), 10));

    boolean delivered = outbox().delivered(slow.lease(), day.plus(LEASE.multipliedBy(3)));

    assertThat(delivered).isTrue();
    assertThat(theEventOf(customer).status()).isEqualTo(Status.DELIVERED);
    assertThat(outbox().claimDue(day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(2)), 10)).isEmpty();
  }

  @Test
  public void claimDue_leases_at_most_max_events_those_due_longest_first() {
    Instant day = aDayOfItsOwn();
    Customer retried = joinedAt(day);
    outbox().retryAt(theOnlyClaim(outbox().claimDue(day, day.plus(LEASE), 10)).lease(), day.plusSeconds(5));
    Customer third = joinedAt(day.plusSeconds(3));
    Customer first = joinedAt(day.plusSeconds(1));
    Customer second = joinedAt(day.plusSeconds(2));
    Instant now = day.plusSeconds(10);

    List<Claimed> firstBatch = outbox().claimDue(now, now.plus(LEASE), 2);
    List<Claimed> secondBatch = outbox().claimDue(now, now.plus(LEASE), 2);
    List<Claimed> thirdBatch = outbox().claimDue(now, now.plus(LEASE), 2);

    assertThat(firstBatch).extracting(claimed -> claimed.event().customerId())
        .containsExactly(first.id().orElseThrow(), second.id().orElseThrow());
    assertThat(secondBatch).extracting(claimed -> claimed.event().customerId())
        .containsExactly(third.id().orElseThrow(), retried.id().orElseThrow());
    assertThat(secondBatch).extracting(Claimed::attempt).containsExactly(1, 2);
    assertThat(thirdBatch).isEmpty();
  }

  @Test
  public void prune_deletes_up_to_max_events_that_occurred_before_in_any_state_but_none_under_a_live_lease() {
    Instant day = aDayOfItsOwn();
    Customer delivered = joinedAt(day.plusSeconds(1));
    Customer failed = joinedAt(day.plusSeconds(2));
    Customer pending = joinedAt(day.plusSeconds(3));
    Customer leased = joinedAt(day.plusSeconds(4));
    Customer recent = joinedAt(day.plusSeconds(10));
    List<Claimed> claimed = outbox().claimDue(day.plusSeconds(4), day.plus(Duration.ofHours(1)), 10);
    assertThat(claimed).hasSize(4);
    outbox().delivered(claimed.get(0).lease(), day.plusSeconds(5));
    outbox().failed(claimed.get(1).lease(), day.plusSeconds(5));
    outbox().retryAt(claimed.get(2).lease(), day.plusSeconds(30));
    Instant before = day.plusSeconds(5);
    Instant now = day.plus(Duration.ofMinutes(30));

    int firstBatch = outbox().prune(before, now, 2);
    int secondBatch = outbox().prune(before, now, 2);
    int thirdBatch = outbox().prune(before, now, 2);

    assertThat(firstBatch).isEqualTo(2);
    assertThat(secondBatch).isEqualTo(1);
    assertThat(thirdBatch).isZero();
    for (Customer gone : List.of(delivered, failed, pending)) {
      assertThat(outbox().eventsOf(gone.id().orElseThrow())).as("the event of %s", gone.dateJoined()).isEmpty();
    }
    assertThat(theEventOf(leased).attempts()).isEqualTo(1);
    assertThat(theEventOf(recent).status()).isEqualTo(Status.PENDING);
    assertThat(outbox().prune(before, day.plus(Duration.ofHours(1)), 2)).as("once the lease has ended").isEqualTo(1);
    assertThat(outbox().eventsOf(leased.id().orElseThrow())).isEmpty();
    assertThat(theEventOf(recent).status()).isEqualTo(Status.PENDING);
  }

  @Test
  public void of_8_threads_claiming_the_same_due_events_at_once_no_two_get_one_event() throws Exception {
    Instant day = aDayOfItsOwn();
    Set<UUID> stored = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      stored.add(theEventOf(joinedAt(day.plusMillis(i))).event().eventId());
    }
    Instant now = day.plusSeconds(1);
    int max = 3;
    CountDownLatch ready = new CountDownLatch(CLAIMING_THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<List<Claimed>>> claimants = new ArrayList<>();
    for (int i = 0; i < CLAIMING_THREADS; i++) {
      claimants.add(() -> {
        ready.countDown();
        go.await();
        List<Claimed> mine = new ArrayList<>();
        List<Claimed> batch;
        do {
          batch = outbox().claimDue(now, now.plus(LEASE), max);
          assertThat(batch).hasSizeLessThanOrEqualTo(max);
          mine.addAll(batch);
        } while (!batch.isEmpty());
        return mine;
      });
    }

    List<Claimed> claimed = race(claimants, ready, go).stream().flatMap(List::stream).toList();

    assertThat(claimed).extracting(one -> one.event().eventId()).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(stored);
    assertThat(claimed).extracting(Claimed::attempt).containsOnly(1);
    assertThat(outbox().claimDue(now, now.plus(LEASE), stored.size())).isEmpty();
  }

  private List<SaveResult> racingSavesOfOneEmail() throws Exception {
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
        return repository().save(customer);
      });
    }
    return race(saves, ready, go);
  }

  /** Runs each task on a thread of its own; each counts {@code ready} down, then waits for {@code go}. */
  private static <T> List<T> race(List<Callable<T>> tasks, CountDownLatch ready, CountDownLatch go)
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

  private static Customer winner(List<SaveResult> results) {
    return results.stream()
        .filter(SaveResult.Saved.class::isInstance)
        .map(result -> ((SaveResult.Saved) result).customer())
        .findFirst()
        .orElseThrow();
  }

  /**
   * A day before every other test's, and before the last one this method answered; with the events of that day and
   * earlier deleted (an earlier run's, left in a kept database), so that claims see this test's events only.
   */
  private Instant aDayOfItsOwn() {
    Instant day = EVENT_DAYS_END.minus(Duration.ofDays(EVENT_DAYS.incrementAndGet()));
    Instant dayEnd = day.plus(Duration.ofDays(1));
    outbox().prune(dayEnd, dayEnd, Integer.MAX_VALUE);
    return day;
  }

  private Customer joinedAt(Instant dateJoined) {
    return saved(aCustomer().dateJoined(dateJoined).build());
  }

  private EventState theEventOf(Customer saved) {
    List<EventState> events = outbox().eventsOf(saved.id().orElseThrow());
    assertThat(events).as("the events of customer %s", saved.id().orElseThrow()).hasSize(1);
    return events.get(0);
  }

  private static Claimed theOnlyClaim(List<Claimed> claimed) {
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  /** Of the ids from {@code first}'s to {@code last}'s, only theirs and those of {@code others} have events. */
  private void assertOnlyWithEvents(Customer first, Customer last, List<Customer> others) {
    Set<Long> withEvents = new HashSet<>();
    for (Customer customer : others) {
      withEvents.add(customer.id().orElseThrow().value());
    }
    for (long id = first.id().orElseThrow().value() + 1; id < last.id().orElseThrow().value(); id++) {
      assertThat(outbox().eventsOf(CustomerId.of(id)).size()).as("the events of customer %d", id)
          .isEqualTo(withEvents.contains(id) ? 1 : 0);
    }
    assertThat(theEventOf(first).event().customerId()).isEqualTo(first.id().orElseThrow());
    assertThat(theEventOf(last).event().customerId()).isEqualTo(last.id().orElseThrow());
  }

  /** A key no other test uses, of an owner of its own. */
  private static IdempotencyKey aUniqueKey() {
    return new IdempotencyKey("owner-" + UUID.randomUUID(), "key-" + UUID.randomUUID());
  }

  private static KeyedRequest keyed(IdempotencyKey key, String fingerprint, Instant receivedAt) {
    return new KeyedRequest(key, fingerprint, receivedAt, receivedAt.plus(KEY_TTL));
  }

  private Customer savedUnder(IdempotencyKey key, String fingerprint, Customer customer) {
    SaveResult result = repository().save(customer, keyed(key, fingerprint, AT));
    assertThat(result).as("saving %s under a key", customer.email()).isInstanceOf(SaveResult.Saved.class);
    return ((SaveResult.Saved) result).customer();
  }

  /** Metadata as a JSON parser hands it over: floats as BigDecimal, integers as Integer, Long or BigInteger. */
  private static Map<String, Object> richMetadata() {
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

  private static List<Address> threeAddresses() {
    return List.of(
        anAddress().country("SE").line1("3 Third Street").line4("Stockholm").phoneNumber("").build(),
        anAddress().country("AT").line1("1 First Street").line4("Wien").isDefaultForBilling(false)
            .isDefaultForShipping(false).build(),
        anAddress().country("NO").line1("2 Second Street").line4("Oslo").isDefaultForBilling(false)
            .isDefaultForShipping(false).build());
  }

  private Customer saved(Customer customer) {
    SaveResult result = repository().save(customer);
    assertThat(result).as("saving %s", customer.email()).isInstanceOf(SaveResult.Saved.class);
    Customer saved = ((SaveResult.Saved) result).customer();
    assertThat(saved.id()).isPresent();
    assertThat(saved.addresses()).allSatisfy(address -> assertThat(address.id()).isPresent());
    return saved;
  }

  private Customer found(Customer saved) {
    CustomerId id = saved.id().orElseThrow();
    Optional<Customer> found = repository().findById(id);
    assertThat(found).as("customer %s", id).isPresent();
    return found.get();
  }

  private static List<Long> addressIds(Customer customer) {
    return customer.addresses().stream().map(address -> address.id().orElseThrow().value()).toList();
  }

  /** The same email in another case, as a customer may hold it: the local part as sent, the domain in lower case. */
  private static String inAnotherCase(String email) {
    int at = email.lastIndexOf('@');
    return email.substring(0, at).toUpperCase(Locale.ROOT) + email.substring(at);
  }

  private static Customer withoutIds(Customer customer) {
    return Customer.builder().from(customer)
        .id(Optional.empty())
        .addresses(customer.addresses().stream()
            .map(address -> Address.builder().from(address).id(Optional.empty()).build())
            .toList())
        .build();
  }
}
