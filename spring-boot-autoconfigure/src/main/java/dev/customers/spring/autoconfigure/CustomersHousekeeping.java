package dev.customers.spring.autoconfigure;

import dev.customers.domain.ExpireIdempotencyKeys;
import dev.customers.domain.events.PruneEvents;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes old events ({@link PruneEvents}) and expired idempotency keys ({@link ExpireIdempotencyKeys}) every
 * interval on a thread of its own, from the start of the context to its stop, as the server's housekeeping does. A
 * round that fails (the database away) is logged and the next one tries again.
 */
public final class CustomersHousekeeping implements SmartLifecycle {

  private static final System.Logger LOG = System.getLogger(CustomersHousekeeping.class.getName());

  private final PruneEvents pruneEvents;
  private final ExpireIdempotencyKeys expireKeys;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  public CustomersHousekeeping(PruneEvents pruneEvents, ExpireIdempotencyKeys expireKeys, Duration interval) {
    this.pruneEvents = pruneEvents;
    this.expireKeys = expireKeys;
    this.interval = interval;
  }

  @Override
  public synchronized void start() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "customers-housekeeping");
        thread.setDaemon(true);
        return thread;
      });
      scheduler.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** One round: answers how many events and keys it deleted. */
  public int runOnce() {
    try {
      return pruneEvents.prune() + expireKeys.expire();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "customers housekeeping failed, tried again in " + interval + ": " + e.getMessage());
      return 0;
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  @Override
  public int getPhase() {
    return CustomersEventRelay.PHASE;
  }
}
