package dev.customers.testkit;

import static dev.customers.testkit.ContractSupport.AT;
import static dev.customers.testkit.ContractSupport.CLAIMING_THREADS;
import static dev.customers.testkit.ContractSupport.LEASE;
import static dev.customers.testkit.ContractSupport.aUniqueKey;
import static dev.customers.testkit.ContractSupport.inAnotherCase;
import static dev.customers.testkit.ContractSupport.keyed;
import static dev.customers.testkit.ContractSupport.race;
import static dev.customers.testkit.ContractSupport.winner;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.events.EventOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventOutbox} must do with the events its {@link CustomerRepository}'s saves store: exactly one
 * event per stored customer and none for a refused save or a replay; claims under leases, retries, final states,
 * pruning, and of threads claiming at once no two get one event. One part of {@link CustomerRepositoryContract}; a
 * test class may implement it alone, providing {@link #repositoryUnderTest()} and {@link #outboxUnderTest()}.
 *
 * <p>These tests claim and prune by time, so they need their own events to be the only ones due: their customers
 * join before 1900, each test on a day of its own, earlier than the day of the test before; each first prunes the
 * events of its day and earlier ones (an earlier run's, in a kept database). Other tests' customers join later,
 * and the tests run one at a time (as JUnit runs them unless told otherwise).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public interface EventOutboxContract extends EventLeaseContract {

  /** The repository whose saves store the events. Tests call it often, from several threads too. */
  @Override
  CustomerRepository repositoryUnderTest();

  /** The outbox of the events that {@link #repositoryUnderTest()} stores with its customers (often the same object). */
  @Override
  EventOutbox outboxUnderTest();

  @Test
  default void a_saved_customer_has_exactly_one_pending_event_due_from_when_it_joined() {
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
  default void an_unknown_customer_has_no_events() {
    assertThat(outboxUnderTest().eventsOf(CustomerId.of(Long.MAX_VALUE))).isEmpty();
  }

  @Test
  default void a_keyed_replay_stores_no_second_event() {
    IdempotencyKey key = aUniqueKey();
    Customer customer = aCustomer().build();
    Customer first = savedUnder(key, "request", customer);
    EventState event = theEventOf(first);

    SaveResult replay = repositoryUnderTest().save(customer, keyed(key, "request", AT.plusSeconds(5)));

    assertThat(replay).isEqualTo(new SaveResult.Replayed(first));
    assertThat(outboxUnderTest().eventsOf(first.id().orElseThrow())).containsExactly(event);
  }

  @Test
  default void a_save_refused_for_its_email_stores_no_event() {
    Customer first = saved(aCustomer().build());
    EventState event = theEventOf(first);

    SaveResult refused = repositoryUnderTest().save(aCustomer().email(inAnotherCase(first.email())).build());
    Customer next = saved(aCustomer().build());

    assertThat(refused).isInstanceOf(SaveResult.EmailTaken.class);
    assertThat(outboxUnderTest().eventsOf(first.id().orElseThrow())).containsExactly(event);
    assertOnlyWithEvents(first, next, List.of());
  }

  @Test
  default void of_32_racing_saves_of_one_email_only_the_winner_stores_an_event() throws Exception {
    Customer before = saved(aCustomer().build());

    Customer winner = winner(racingSavesOfOneEmail());
    Customer after = saved(aCustomer().build());

    assertThat(theEventOf(winner).event().customerId()).isEqualTo(winner.id().orElseThrow());
    assertOnlyWithEvents(before, after, List.of(winner));
  }

  @Test
  default void claimDue_leases_at_most_max_events_those_due_longest_first() {
    Instant day = aDayOfItsOwn();
    Customer retried = joinedAt(day);
    Claimed retriedClaim = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));
    outboxUnderTest().retryAt(retriedClaim.lease(), day.plusSeconds(5));
    Customer third = joinedAt(day.plusSeconds(3));
    Customer first = joinedAt(day.plusSeconds(1));
    Customer second = joinedAt(day.plusSeconds(2));
    Instant now = day.plusSeconds(10);

    List<Claimed> firstBatch = outboxUnderTest().claimDue(now, now.plus(LEASE), 2);
    List<Claimed> secondBatch = outboxUnderTest().claimDue(now, now.plus(LEASE), 2);
    List<Claimed> thirdBatch = outboxUnderTest().claimDue(now, now.plus(LEASE), 2);

    assertThat(firstBatch).extracting(claimed -> claimed.event().customerId())
        .containsExactly(first.id().orElseThrow(), second.id().orElseThrow());
    assertThat(secondBatch).extracting(claimed -> claimed.event().customerId())
        .containsExactly(third.id().orElseThrow(), retried.id().orElseThrow());
    assertThat(secondBatch).extracting(Claimed::attempt).containsExactly(1, 2);
    assertThat(thirdBatch).isEmpty();
  }

  @Test
  default void prune_deletes_up_to_max_events_that_occurred_before_in_any_state_but_none_under_a_live_lease() {
    Instant day = aDayOfItsOwn();
    Customer delivered = joinedAt(day.plusSeconds(1));
    Customer failed = joinedAt(day.plusSeconds(2));
    Customer pending = joinedAt(day.plusSeconds(3));
    Customer leased = joinedAt(day.plusSeconds(4));
    Customer recent = joinedAt(day.plusSeconds(10));
    List<Claimed> claimed = outboxUnderTest().claimDue(day.plusSeconds(4), day.plus(Duration.ofHours(1)), 10);
    assertThat(claimed).hasSize(4);
    outboxUnderTest().delivered(claimed.get(0).lease(), day.plusSeconds(5));
    outboxUnderTest().failed(claimed.get(1).lease(), day.plusSeconds(5));
    outboxUnderTest().retryAt(claimed.get(2).lease(), day.plusSeconds(30));
    Instant before = day.plusSeconds(5);
    Instant now = day.plus(Duration.ofMinutes(30));

    int firstBatch = outboxUnderTest().prune(before, now, 2);
    int secondBatch = outboxUnderTest().prune(before, now, 2);
    int thirdBatch = outboxUnderTest().prune(before, now, 2);

    assertThat(firstBatch).isEqualTo(2);
    assertThat(secondBatch).isEqualTo(1);
    assertThat(thirdBatch).isZero();
    for (Customer gone : List.of(delivered, failed, pending)) {
      assertThat(outboxUnderTest().eventsOf(gone.id().orElseThrow())).as("the event of %s", gone.dateJoined())
          .isEmpty();
    }
    assertThat(theEventOf(leased).attempts()).isEqualTo(1);
    assertThat(theEventOf(recent).status()).isEqualTo(Status.PENDING);
    assertThat(outboxUnderTest().prune(before, day.plus(Duration.ofHours(1)), 2)).as("once the lease has ended")
        .isEqualTo(1);
    assertThat(outboxUnderTest().eventsOf(leased.id().orElseThrow())).isEmpty();
    assertThat(theEventOf(recent).status()).isEqualTo(Status.PENDING);
  }

  @Test
  default void of_8_threads_claiming_the_same_due_events_at_once_no_two_get_one_event() throws Exception {
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
          batch = outboxUnderTest().claimDue(now, now.plus(LEASE), max);
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
    assertThat(outboxUnderTest().claimDue(now, now.plus(LEASE), stored.size())).isEmpty();
  }

  /** Of the ids from {@code first}'s to {@code last}'s, only theirs and those of {@code others} have events. */
  private void assertOnlyWithEvents(Customer first, Customer last, List<Customer> others) {
    Set<Long> withEvents = new HashSet<>();
    for (Customer customer : others) {
      withEvents.add(customer.id().orElseThrow().value());
    }
    for (long id = first.id().orElseThrow().value() + 1; id < last.id().orElseThrow().value(); id++) {
      assertThat(outboxUnderTest().eventsOf(CustomerId.of(id)).size()).as("the events of customer %d", id)
          .isEqualTo(withEvents.contains(id) ? 1 : 0);
    }
    assertThat(theEventOf(first).event().customerId()).isEqualTo(first.id().orElseThrow());
    assertThat(theEventOf(last).event().customerId()).isEqualTo(last.id().orElseThrow());
  }

  private Instant aDayOfItsOwn() {
    return ContractSupport.aDayOfItsOwn(outboxUnderTest());
  }

  private EventState theEventOf(Customer saved) {
    return ContractSupport.theEventOf(outboxUnderTest(), saved);
  }

  private Customer joinedAt(Instant dateJoined) {
    return ContractSupport.saved(repositoryUnderTest(), aCustomer().dateJoined(dateJoined).build());
  }

  private Customer saved(Customer customer) {
    return ContractSupport.saved(repositoryUnderTest(), customer);
  }

  private Customer savedUnder(IdempotencyKey key, String fingerprint, Customer customer) {
    return ContractSupport.savedUnder(repositoryUnderTest(), key, fingerprint, customer);
  }

  private List<SaveResult> racingSavesOfOneEmail() throws Exception {
    return ContractSupport.racingSavesOfOneEmail(repositoryUnderTest());
  }
}
