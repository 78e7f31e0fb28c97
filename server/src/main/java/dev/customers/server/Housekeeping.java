package dev.customers.server;

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
  /** A run is a few short statements; a stop waits this long for one under way. */
  private static final Duration RUN_UNDER_WAY_WAIT = Duration.ofSeconds(5);

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

  /**
   * Runs no more, and waits for a run under way to end. Not by interrupting it: the file channels H2 writes through are
   * interruptible, and an interrupt in the middle of their I/O closes the file under every connection.
   */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(RUN_UNDER_WAY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("A housekeeping run is still under way after {}; the stop goes on", RUN_UNDER_WAY_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
