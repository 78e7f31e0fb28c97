package dev.customers.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer was stored. Every stored customer has exactly one, written in the customer's own transaction by
 * {@link CustomerRepository#save}; an {@link EventRelay} hands it on.
 *
 * @param eventId random, the same on every delivery of the event (a receiver de-duplicates by it)
 * @param customerId the stored customer
 * @param occurredAt when the customer joined: its {@link Customer#dateJoined()}
 */
public record CustomerCreated(UUID eventId, CustomerId customerId, Instant occurredAt) {

  /** The event's type, as webhooks name it. */
  public static final String TYPE = "customer.created";

  public CustomerCreated {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** The event of a customer just stored (one with its id), with a new random event id. */
  public static CustomerCreated of(Customer stored) {
    CustomerId id = stored.id().orElseThrow(() -> new IllegalArgumentException(
        "Only a stored customer (with an id) is announced"));
    return new CustomerCreated(UUID.randomUUID(), id, stored.dateJoined());
  }
}
