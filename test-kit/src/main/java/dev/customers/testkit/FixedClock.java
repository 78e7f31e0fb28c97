package dev.customers.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Clocks that always tell the same instant, for tests of code that stamps times ({@code CreateCustomer}). */
public final class FixedClock {

  /** An instant with microseconds, the precision every supported storage keeps. */
  public static final Instant DEFAULT_INSTANT = Instant.parse("2024-02-29T23:59:59.123456Z");

  private FixedClock() {}

  /** A clock standing at {@code instant}, in UTC. */
  public static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** A clock standing at an ISO-8601 instant such as {@code "2024-02-29T23:59:59.123456Z"}, in UTC. */
  public static Clock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /** A clock standing at {@link #DEFAULT_INSTANT}. */
  public static Clock atDefaultInstant() {
    return at(DEFAULT_INSTANT);
  }
}
