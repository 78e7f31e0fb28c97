package dev.customers.testkit;

import static dev.customers.testkit.ContractSupport.AT;
import static dev.customers.testkit.ContractSupport.CLAIMING_THREADS;
import static dev.customers.testkit.ContractSupport.EVENT_DAYS;
import static dev.customers.testkit.ContractSupport.EVENT_DAYS_END;
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
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Lease;
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
public interface EventOutboxContract {

  /** The repository whose saves store the events. Tests call it often, from several threads too. */
  CustomerRepository repositoryUnderTest();

  /** The outbox of the events that {@link #repositoryUnderTest()} stores with its customers (often the same object). */
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
  default void an_event_is_due_from_when_its_customer_joined_and_a_claim_counts_an_attempt() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day.plusSeconds(10));
    CustomerCreated event = theEventOf(customer).event();

    List<Claimed> early = outboxUnderTest().claimDue(day.plusSeconds(10).minusNanos(1_000), day.plus(LEASE), 10);
    List<Claimed> claimed = outboxUnderTest().claimDue(day.plusSeconds(10), day.plusSeconds(10).plus(LEASE), 10);

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
  default void a_claimed_event_is_not_claimed_again_before_its_lease_ends_and_is_after() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed first = theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));

    Instant leaseEnd = day.plus(LEASE);
    List<Claimed> whileLeased = outboxUnderTest().claimDue(leaseEnd.minusNanos(1_000), leaseEnd.plus(LEASE), 10);
    Claimed second = theOnlyClaim(outboxUnderTest().claimDue(leaseEnd, leaseEnd.plus(LEASE), 10));

    assertThat(whileLeased).isEmpty();
    assertThat(second.event()).isEqualTo(first.event());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.lease()).isNotEqualTo(first.lease());
    assertThat(theEventOf(customer).attempts()).isEqualTo(2);
  }

  @Test
  default void retryAt_makes_the_event_due_at_that_time_and_not_before() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed first = theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));
    Instant next = day.plusSeconds(30);

    boolean given = outboxUnderTest().retryAt(first.lease(), next);
    EventState state = theEventOf(customer);
    List<Claimed> early = outboxUnderTest().claimDue(next.minusNanos(1_000), next.plus(LEASE), 10);
    Claimed second = theOnlyClaim(outboxUnderTest().claimDue(next, next.plus(LEASE), 10));

    assertThat(given).isTrue();
    assertThat(state.status()).isEqualTo(Status.PENDING);
    assertThat(state.nextAttemptAt()).contains(next);
    assertThat(state.attempts()).isEqualTo(1);
    assertThat(early).isEmpty();
    assertThat(second.event()).isEqualTo(first.event());
    assertThat(second.attempt()).isEqualTo(2);
  }

  @Test
  default void delivered_and_failed_are_final() {
    Instant day = aDayOfItsOwn();
    Customer delivered = joinedAt(day);
    Customer failed = joinedAt(day.plusSeconds(1));
    List<Claimed> claimed = outboxUnderTest().claimDue(day.plusSeconds(1), day.plus(LEASE), 10);
    assertThat(claimed).hasSize(2);
    Lease deliveredLease = claimed.get(0).lease();
    Lease failedLease = claimed.get(1).lease();

    boolean markedDelivered = outboxUnderTest().delivered(deliveredLease, day.plusSeconds(5));
    boolean markedFailed = outboxUnderTest().failed(failedLease, day.plusSeconds(6));

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
    assertThat(outboxUnderTest().claimDue(day.plus(Duration.ofHours(12)), day.plus(Duration.ofHours(13)), 10))
        .isEmpty();
    assertThat(outboxUnderTest().retryAt(deliveredLease, day.plusSeconds(7))).isFalse();
    assertThat(outboxUnderTest().failed(deliveredLease, day.plusSeconds(7))).isFalse();
    assertThat(outboxUnderTest().delivered(failedLease, day.plusSeconds(7))).isFalse();
    assertThat(theEventOf(delivered)).isEqualTo(deliveredState);
    assertThat(theEventOf(failed)).isEqualTo(failedState);
  }

  @Test
  default void a_report_under_a_lease_that_another_claim_took_over_changes_nothing() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed stale = theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));
    Claimed current = theOnlyClaim(outboxUnderTest().claimDue(day.plus(LEASE), day.plus(LEASE.multipliedBy(2)), 10));
    EventState claimedAgain = theEventOf(customer);

    boolean delivered = outboxUnderTest().delivered(stale.lease(), day.plus(LEASE).plusSeconds(1));
    boolean retried = outboxUnderTest().retryAt(stale.lease(), day.plus(LEASE).plusSeconds(2));
    boolean failed = outboxUnderTest().failed(stale.lease(), day.plus(LEASE).plusSeconds(3));

    assertThat(delivered).isFalse();
    assertThat(retried).isFalse();
    assertThat(failed).isFalse();
    assertThat(theEventOf(customer)).isEqualTo(claimedAgain);
    assertThat(outboxUnderTest().claimDue(day.plus(LEASE).plusSeconds(4), day.plus(LEASE.multipliedBy(2)), 10))
        .isEmpty();
    assertThat(outboxUnderTest().delivered(current.lease(), day.plus(LEASE).plusSeconds(5))).isTrue();
    assertThat(theEventOf(customer).status()).isEqualTo(Status.DELIVERED);
  }

  @Test
  default void a_report_after_the_lease_ended_still_counts_while_no_other_claim_took_the_event() {
    Instant day = aDayOfItsOwn();
    Customer customer = joinedAt(day);
    Claimed slow = theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));

    boolean delivered = outboxUnderTest().delivered(slow.lease(), day.plus(LEASE.multipliedBy(3)));

    assertThat(delivered).isTrue();
    assertThat(theEventOf(customer).status()).isEqualTo(Status.DELIVERED);
    assertThat(outboxUnderTest().claimDue(day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(2)), 10)).isEmpty();
  }

  @Test
  default void claimDue_leases_at_most_max_events_those_due_longest_first() {
    Instant day = aDayOfItsOwn();
    Customer retried = joinedAt(day);
    outboxUnderTest().retryAt(theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10)).lease(),
        day.plusSeconds(5));
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

  /**
   * A day before every other test's, and before the last one this method answered; with the events of that day and
   * earlier deleted (an earlier run's, left in a kept database), so that claims see this test's events only.
   */
  private Instant aDayOfItsOwn() {
    Instant day = EVENT_DAYS_END.minus(Duration.ofDays(EVENT_DAYS.incrementAndGet()));
    Instant dayEnd = day.plus(Duration.ofDays(1));
    outboxUnderTest().prune(dayEnd, dayEnd, Integer.MAX_VALUE);
    return day;
  }

  private Customer joinedAt(Instant dateJoined) {
    return saved(aCustomer().dateJoined(dateJoined).build());
  }

  private EventState theEventOf(Customer saved) {
    List<EventState> events = outboxUnderTest().eventsOf(saved.id().orElseThrow());
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
      assertThat(outboxUnderTest().eventsOf(CustomerId.of(id)).size()).as("the events of customer %d", id)
          .isEqualTo(withEvents.contains(id) ? 1 : 0);
    }
    assertThat(theEventOf(first).event().customerId()).isEqualTo(first.id().orElseThrow());
    assertThat(theEventOf(last).event().customerId()).isEqualTo(last.id().orElseThrow());
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
