package dev.customers.jdbi;

import dev.customers.domain.CustomerId;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Lease;
import dev.customers.domain.events.EventOutbox.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The statements of the event outbox, {@code customer_events}, in plain JDBC. Every report names event and lease
 * token, so one under a lease another claim took over matches no row. How each database claims: docs/storage.md.
 */
final class EventStatements {

  /**
   * Pending (finished events have no next attempt), its time come, no live lease; both parameters now. The lower
   * bound is for H2, whose index keeps nulls first: without it a claim reads past every finished event.
   */
  private static final String DUE = "next_attempt_at >= timestamp with time zone '1000-01-01 00:00:00+00'"
      + " and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)";

  private final boolean skipsLocked;
  private final String insert;
  private final String claimSkippingLocked;
  private final String dueFirst;
  private final String claimIfDue;
  private final String finish;
  private final String retry;
  private final String prune;
  private final String eventsOf;

  EventStatements(Dialect dialect, OurSchema schema) {
    this.skipsLocked = dialect == Dialect.POSTGRESQL;
    this.insert = schema.qualify("""
        insert into <schema>.customer_events (event_id, customer_id, occurred_at, next_attempt_at)
        values (?, ?, ?, ?)
        """);
    this.claimSkippingLocked = schema.qualify("""
        with due as (
          select event_id from <schema>.customer_events where %s order by next_attempt_at limit ?
          for update skip locked)
        update <schema>.customer_events set attempts = attempts + 1, lease_token = ?, lease_until = ?
        from due where customer_events.event_id = due.event_id
        returning customer_events.event_id, customer_id, occurred_at, attempts, next_attempt_at
        """.formatted(DUE));
    this.dueFirst = schema.qualify("""
        select event_id from <schema>.customer_events where %s order by next_attempt_at fetch first ? rows only
        """.formatted(DUE));
    this.claimIfDue = schema.qualify("""
        select event_id, customer_id, occurred_at, attempts, next_attempt_at from final table (
          update <schema>.customer_events set attempts = attempts + 1, lease_token = ?, lease_until = ?
          where event_id = ? and %s)
        """.formatted(DUE));
    this.finish = schema.qualify("""
        update <schema>.customer_events set status = ?, finished_at = ?, next_attempt_at = null, lease_token = null,
                                   lease_until = null
        where event_id = ? and lease_token = ?
        """);
    this.retry = schema.qualify("""
        update <schema>.customer_events set next_attempt_at = ?, lease_token = null, lease_until = null
        where event_id = ? and lease_token = ?
        """);
    // Not leased at the second parameter, repeated outside: a claim may lease a row between pick and delete.
    this.prune = schema.qualify("""
        delete from <schema>.customer_events where event_id in (
          select event_id from <schema>.customer_events
          where occurred_at < ? and (lease_until is null or lease_until <= ?)
          order by occurred_at fetch first ? rows only)
        and (lease_until is null or lease_until <= ?)
        """);
    this.eventsOf = schema.qualify("""
        select event_id, occurred_at, status, attempts, next_attempt_at, finished_at from <schema>.customer_events
        where customer_id = ?
        """);
  }

  /** Inserts the event of a customer just inserted on this connection, pending and due from when it occurred. */
  void insert(Connection connection, CustomerCreated event) throws SQLException {
    Connections.update(connection, insert, event.eventId(), event.customerId().value(),
        event.occurredAt(), event.occurredAt());
  }

  /** Leases up to {@code max} events due at {@code now}, due longest first; each statement commits by itself. */
  List<Claimed> claimDue(Connection connection, Instant now, Instant leaseUntil, int max) throws SQLException {
    UUID token = UUID.randomUUID();
    List<ClaimedRow> claimed = new ArrayList<>();
    if (skipsLocked) {
      try (PreparedStatement claim = connection.prepareStatement(claimSkippingLocked);
          ResultSet rows = Connections.bind(claim, 1, now, now, max, token, leaseUntil).executeQuery()) {
        while (rows.next()) {
          claimed.add(claimedRow(rows, token));
        }
      }
    } else {
      List<UUID> candidates = new ArrayList<>();
      try (PreparedStatement pick = connection.prepareStatement(dueFirst);
          ResultSet rows = Connections.bind(pick, 1, now, now, max).executeQuery()) {
        while (rows.next()) {
          candidates.add(rows.getObject(1, UUID.class));
        }
      }
      try (PreparedStatement claim = connection.prepareStatement(claimIfDue)) {
        for (UUID candidate : candidates) {
          try (ResultSet row = Connections.bind(claim, 1, token, leaseUntil, candidate, now, now).executeQuery()) {
            // None when a concurrent claim leased it first.
            if (row.next()) {
              claimed.add(claimedRow(row, token));
            }
          }
        }
      }
    }
    claimed.sort(Comparator.comparing(ClaimedRow::dueAt));
    return claimed.stream().map(ClaimedRow::claimed).toList();
  }

  /** Marks the event delivered or failed, if the lease's token is still the event's; answers whether it was. */
  boolean finish(Connection connection, Lease lease, Status status, Instant at) throws SQLException {
    return Connections.update(connection, finish, status.name().toLowerCase(Locale.ROOT), at,
        lease.eventId(), lease.token()) == 1;
  }

  /** Ends the lease and makes the event due at {@code nextAttemptAt}, if the lease's token is still the event's. */
  boolean retryAt(Connection connection, Lease lease, Instant nextAttemptAt) throws SQLException {
    return Connections.update(connection, retry, nextAttemptAt, lease.eventId(), lease.token()) == 1;
  }

  int prune(Connection connection, Instant occurredBefore, Instant now, int max) throws SQLException {
    return Connections.update(connection, prune, occurredBefore, now, max, now);
  }

  List<EventState> eventsOf(Connection connection, CustomerId customerId) throws SQLException {
    List<EventState> states = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(eventsOf);
        ResultSet row = Connections.bind(query, 1, customerId.value()).executeQuery()) {
      while (row.next()) {
        states.add(new EventState(
            new CustomerCreated(row.getObject(1, UUID.class), customerId, instant(row, 2).orElseThrow()),
            Status.valueOf(row.getString(3).toUpperCase(Locale.ROOT)), row.getInt(4), instant(row, 5),
            instant(row, 6)));
      }
    }
    return states;
  }

  /** A claimed event and when it was due, to answer the claims due longest first. */
  private record ClaimedRow(Claimed claimed, Instant dueAt) {}

  /** From the columns event_id, customer_id, occurred_at, attempts, next_attempt_at. */
  private static ClaimedRow claimedRow(ResultSet row, UUID token) throws SQLException {
    UUID eventId = row.getObject(1, UUID.class);
    CustomerCreated event = new CustomerCreated(eventId, CustomerId.of(row.getLong(2)), instant(row, 3).orElseThrow());
    return new ClaimedRow(new Claimed(event, new Lease(eventId, token), row.getInt(4)), instant(row, 5).orElseThrow());
  }

  private static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
    return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }

  /** An instant as a database's timestamp with time zone takes it; for every statement of this adapter. */
  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
