package dev.customers.http.server;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.ExpireIdempotencyKeys;
import dev.customers.domain.events.EventOutbox;
import dev.customers.domain.events.PruneEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's background deletions, on one daemon thread: expired idempotency keys, so their table holds about one
 * TTL's worth, and customer.created events older than the retention, delivered or not, so the event table does not
 * grow without bound, also when no webhooks are configured and no relay runs. A failed run (the database away) is
 * logged and the next one tries again.
 */
final class Housekeeping implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration LONGEST_PERIOD = Duration.ofMinutes(1);

  private final ExpireIdempotencyKeys expire;
  private final PruneEvents prune;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread daemon = new Thread(task, "customers-housekeeping");
    daemon.setDaemon(true);
    return daemon;
  });

  /** Runs every {@code keyTtl} or every minute, whichever is shorter. */
  Housekeeping(CustomerRepository customers, EventOutbox events, Clock clock, Duration keyTtl,
      Duration eventRetention) {
    this.expire = new ExpireIdempotencyKeys(customers, clock);
    this.prune = new PruneEvents(events, clock, eventRetention);
    long periodMillis = Math.max(1, Math.min(keyTtl.toMillis(), LONGEST_PERIOD.toMillis()));
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
    try {
      int deleted = prune.prune();
      if (deleted > 0) {
        LOG.debug("Deleted {} customer.created events older than {}", deleted, prune.retention());
      }
    } catch (RuntimeException e) {
      LOG.warn("Deleting old customer.created events failed; the next run tries again: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
