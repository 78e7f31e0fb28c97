package dev.customers.http.server;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.ExpireIdempotencyKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired idempotency keys in the background, on one daemon thread, so the table holds about one TTL's
 * worth of keys. A failed run (the database away) is logged and the next one tries again.
 */
final class KeyExpiry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeyExpiry.class);
  private static final Duration LONGEST_PERIOD = Duration.ofMinutes(1);

  private final ExpireIdempotencyKeys expire;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread daemon = new Thread(task, "customers-key-expiry");
    daemon.setDaemon(true);
    return daemon;
  });

  /** Runs every {@code ttl} or every minute, whichever is shorter. */
  KeyExpiry(CustomerRepository customers, Clock clock, Duration ttl) {
    this.expire = new ExpireIdempotencyKeys(customers, clock);
    long periodMillis = Math.max(1, Math.min(ttl.toMillis(), LONGEST_PERIOD.toMillis()));
    thread.scheduleWithFixedDelay(this::run, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      int deleted = expire.expire();
      if (deleted > 0) {
        LOG.debug("Deleted {} expired idempotency keys", deleted);
      }
    } catch (RuntimeException e) {
      LOG.warn("Deleting expired idempotency keys failed; the next run tries again: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
