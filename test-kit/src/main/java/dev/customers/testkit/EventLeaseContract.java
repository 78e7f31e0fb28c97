package dev.customers.testkit;

import static dev.customers.testkit.ContractSupport.LEASE;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Lease;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.events.EventOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventOutbox} must do with a claimed event: a lease that keeps other claims off it until it ends,
 * an attempt counted, a retry when asked, delivered and failed final, and a report that counts only under the
 * event's latest claim. One part of {@link EventOutboxContract}, which extends it: its days and pruning as there.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public interface EventLeaseContract {

  /** The repository whose saves store the events. Tests call it often, from several threads too. */
  CustomerRepository repositoryUnderTest();

  /** The outbox of the events that {@link #repositoryUnderTest()} stores with its customers (often the same object). */
  EventOutbox outboxUnderTest();

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
    Claimed first = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));

    Instant leaseEnd = day.plus(LEASE);
    List<Claimed> whileLeased = outboxUnderTest().claimDue(leaseEnd.minusNanos(1_000), leaseEnd.plus(LEASE), 10);
    Claimed second = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(leaseEnd, leaseEnd.plus(LEASE), 10));

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
    Claimed first = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));
    Instant next = day.plusSeconds(30);

    boolean given = outboxUnderTest().retryAt(first.lease(), next);
    EventState state = theEventOf(customer);
    List<Claimed> early = outboxUnderTest().claimDue(next.minusNanos(1_000), next.plus(LEASE), 10);
    Claimed second = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(next, next.plus(LEASE), 10));

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
    Claimed stale = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));
    Claimed current = ContractSupport.theOnlyClaim(
        outboxUnderTest().claimDue(day.plus(LEASE), day.plus(LEASE.multipliedBy(2)), 10));
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
    Claimed slow = ContractSupport.theOnlyClaim(outboxUnderTest().claimDue(day, day.plus(LEASE), 10));

    boolean delivered = outboxUnderTest().delivered(slow.lease(), day.plus(LEASE.multipliedBy(3)));

    assertThat(delivered).isTrue();
    assertThat(theEventOf(customer).status()).isEqualTo(Status.DELIVERED);
    assertThat(outboxUnderTest().claimDue(day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(2)), 10)).isEmpty();
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
}
