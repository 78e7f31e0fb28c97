package dev.customers.domain;

import java.time.Clock;
import java.util.Objects;

/** Deletes the idempotency keys that have expired, in batches, so the storage keeps only live ones. */
public final class ExpireIdempotencyKeys {

  static final int BATCH = 1_000;

  private final CustomerRepository customers;
  private final Clock clock;

  public ExpireIdempotencyKeys(CustomerRepository customers, Clock clock) {
    this.customers = Objects.requireNonNull(customers, "customers");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Deletes every key expired by now, a batch per transaction; answers how many. */
  public int expire() {
    int deleted = 0;
    int batch;
    do {
      batch = customers.deleteExpiredKeys(clock.instant(), BATCH);
      deleted += batch;
    } while (batch == BATCH);
    return deleted;
  }
}
