package dev.customers.domain.events;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer was stored. Every stored customer has exactly one, written in the customer's own transaction by
 * {@link dev.customers.domain.CustomerRepository#save}; an {@link EventRelay} hands it on.
 *
 * @param eventId random (a version 7 UUID: time-ordered), the same on every delivery of the event (a receiver
 *     de-duplicates by it)
 * @param customerId the stored customer
 * @param occurredAt when the customer joined: its {@link Customer#dateJoined()}
 */
public record CustomerCreated(UUID eventId, CustomerId customerId, Instant occurredAt) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The event's type, as webhooks name it. */
  public static final String TYPE = "customer.created";

  public CustomerCreated {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** The event of a customer just stored (one with its id), with a new random event id ({@link #newEventId()}). */
  public static CustomerCreated of(Customer stored) {
    CustomerId id = stored.id().orElseThrow(() -> new IllegalArgumentException(
        "Only a stored customer (with an id) is announced"));
    return new CustomerCreated(newEventId(), id, stored.dateJoined());
  }

  /**
   * A version 7 UUID (RFC 9562): the milliseconds since 1970 first, then 74 random bits. Random enough that no two
   * events share one, and ordered by time, so that a storage indexing events by id adds each new one next to the
   * last rather than at a random place in its index (on H2 a random id made every commit rewrite another page).
   * Public for a storage that writes a customer and its event in one statement, before the customer's id is known.
   */
  public static UUID newEventId() {
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
