package dev.customers.domain.events;

import dev.customers.domain.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link CustomerCreated} events a {@link dev.customers.domain.CustomerRepository} stored with their customers, and
 * how far their delivery has gone. Implemented by the repository that stores them; an {@link EventRelay} works through
 * it. Implementations must pass the events part of {@code CustomerRepositoryContract} from the test-kit.
 *
 * <p>An event is <em>pending</em> until it is marked delivered or failed. A pending event is <em>due</em> once its
 * next attempt's time has come and no live lease holds it. Claiming leases due events to one claimant; the claimant
 * then reports each through its {@link Lease}. A report counts while the lease's token is the event's latest claim
 * and the event is pending, even after the lease's time ran out if no one has claimed it since; a report under a
 * lease that has ended and been claimed again by someone else changes nothing. So of several relays on one
 * database, one at a time holds an event, and an event whose claimant died is claimed again once its lease has
 * ended.
 *
 * <p>Every method may throw {@link dev.customers.domain.StorageUnavailableException} when the storage cannot be
 * reached.
 */
public interface EventOutbox {

  /**
   * Leases up to {@code max} events due at {@code now} until {@code leaseUntil}, those due longest first, and
   * counts an attempt for each.
   */
  List<Claimed> claimDue(Instant now, Instant leaseUntil, int max);

  /** Marks the event delivered at {@code at}, if the lease still counts (see above); answers whether it did. */
  boolean delivered(Lease lease, Instant at);

  /** Gives the event back, due again at {@code nextAttemptAt}, if the lease still counts; answers whether it did. */
  boolean retryAt(Lease lease, Instant nextAttemptAt);

  /** Marks the event failed at {@code at} (no more attempts), if the lease still counts; answers whether it did. */
  boolean failed(Lease lease, Instant at);

  /**
   * Deletes at most {@code max} events that occurred before {@code occurredBefore}, delivered, failed or pending,
   * but none that a live lease holds at {@code now}; answers how many it deleted.
   */
  int prune(Instant occurredBefore, Instant now, int max);

  /** The events of a customer with their state: exactly one for a stored customer, none for any other id. */
  List<EventState> eventsOf(CustomerId customerId);

  /** A claimed event: the lease to report it under, and which attempt this is (1 for the first). */
  record Claimed(CustomerCreated event, Lease lease, int attempt) {
    public Claimed {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(lease, "lease");
      if (attempt < 1) {
        throw new IllegalArgumentException("Attempts count from 1, got " + attempt);
      }
    }
  }

  /** One claim of one event: the token the claim stored with it. */
  record Lease(UUID eventId, UUID token) {
    public Lease {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(token, "token");
    }
  }

  /** Where an event's delivery stands. */
  enum Status { PENDING, DELIVERED, FAILED }

  /**
   * An event and its delivery: attempts made (claims), when it is next due (pending events only) and when it was
   * delivered or failed (the others only).
   */
  record EventState(CustomerCreated event, Status status, int attempts, Optional<Instant> nextAttemptAt,
      Optional<Instant> finishedAt) {
    public EventState {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }
  }
}
