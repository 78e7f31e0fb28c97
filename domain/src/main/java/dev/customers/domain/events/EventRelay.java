package dev.customers.domain.events;

import dev.customers.domain.events.EventOutbox.Claimed;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands every stored {@link CustomerCreated} event to a {@link CustomerCreatedListener}, at least once: an event is
 * marked delivered only after the listener returned; a listener that throws gets the event again later, on a
 * {@link RetrySchedule}, and after the last attempt the event is marked failed and logged (its event id and
 * customer id only). Several events are handed on at once, so one slow or failing event holds up only its own
 * worker. Works through an {@link EventOutbox}: the JDBI repository's (several relays on one PostgreSQL share the
 * work, each event leased to one at a time) or the in-memory one of the test-kit.
 *
 * <pre>{@code
 * EventRelay relay = EventRelay.builder(repository, event -> mailer.sendWelcome(event.customerId())).build().start();
 * ...
 * relay.close();
 * }</pre>
 *
 * <p>In tests, {@link #deliverDue()} runs one round on the caller's thread instead of {@link #start()}.
 *
 */
public final class EventRelay implements AutoCloseable {

  private static final Logger LOG = System.getLogger(EventRelay.class.getName());

  private final EventOutbox outbox;
  private final CustomerCreatedListener listener;
  private final Clock clock;
  private final Duration pollEvery;
  private final Duration lease;
  private final RetrySchedule schedule;
  private final int workers;
  private final Semaphore freeWorkers;
  private final EventDelivery delivery;
  private final Object wakeUp = new Object();
  private final AtomicInteger started = new AtomicInteger();
  private volatile boolean woken;
  private volatile boolean closed;
  private Thread poller;
  private ExecutorService pool;

  private EventRelay(Builder builder) {
    this.outbox = builder.outbox;
    this.listener = builder.listener;
    this.clock = builder.clock;
    this.pollEvery = builder.pollEvery;
    this.lease = builder.lease;
    this.schedule = builder.schedule;
    this.workers = builder.workers;
    this.freeWorkers = new Semaphore(workers);
    this.delivery = new EventDelivery(outbox, listener, clock, schedule);
  }

  /** A relay from {@code outbox} to {@code listener}, with the defaults the builder names. */
  public static Builder builder(EventOutbox outbox, CustomerCreatedListener listener) {
    return new Builder(outbox, listener);
  }

  /**
   * Starts a thread that claims due events every {@link Builder#pollEvery poll interval} (at once after
   * {@link #wake()}) and hands them to the listener on the {@link Builder#workers workers}; answers this relay.
   */
  public EventRelay start() {
    if (!started.compareAndSet(0, 1)) {
      throw new IllegalStateException("This relay was started already");
    }
    AtomicInteger workerNumber = new AtomicInteger();
    pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        task -> daemon(task, "customers-event-relay-" + workerNumber.incrementAndGet()));
    poller = daemon(this::poll, "customers-event-relay");
    poller.start();
    return this;
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Looks for due events now rather than at the next poll: after a create, say. */
  public void wake() {
    synchronized (wakeUp) {
      woken = true;
      wakeUp.notifyAll();
    }
  }

  /**
   * One round on the calling thread: claims the events due now (up to the workers' number) and hands each to the
   * listener in turn; answers how many it claimed. For tests, and for callers that schedule rounds themselves.
   */
  public int deliverDue() {
    List<Claimed> claimed = claim(workers);
    for (Claimed event : claimed) {
      delivery.deliver(event);
    }
    return claimed.size();
  }

  private void poll() {
    while (!closed) {
      try {
        freeWorkers.acquire();
        int free = 1 + freeWorkers.drainPermits();
        List<Claimed> claimed = claim(free);
        freeWorkers.release(free - claimed.size());
        for (Claimed event : claimed) {
          pool.execute(() -> {
            try {
              delivery.deliver(event);
            } finally {
              freeWorkers.release();
            }
          });
        }
        if (claimed.size() < free) {
          sleepUntilWokenOr(pollEvery);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The storage is away: the events stay where they are, the next round tries again.
        LOG.log(Level.WARNING, "Cannot claim customer.created events: {0}", e.getMessage());
        try {
          sleepUntilWokenOr(pollEvery);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void sleepUntilWokenOr(Duration wait) throws InterruptedException {
    synchronized (wakeUp) {
      if (!woken && !closed) {
        wakeUp.wait(Math.max(1, wait.toMillis()));
      }
      woken = false;
    }
  }

  private List<Claimed> claim(int max) {
    Instant now = clock.instant();
    return outbox.claimDue(now, now.plus(lease), max);
  }

  /** Stops claiming; waits up to the lease for the events being handed on (the rest are claimed again later). */
  @Override
  public void close() {
    closed = true;
    wake();
    if (poller != null) {
      poller.interrupt();
      pool.shutdown();
      try {
        poller.join(lease.toMillis());
        pool.awaitTermination(lease.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A relay's settings; every one has a default. */
  public static final class Builder {
    private final EventOutbox outbox;
    private final CustomerCreatedListener listener;
    private Clock clock = Clock.systemUTC();
    private Duration pollEvery = Duration.ofMillis(250);
    private Duration lease = Duration.ofMinutes(1);
    private RetrySchedule schedule = RetrySchedule.STANDARD;
    private int workers = 4;

    private Builder(EventOutbox outbox, CustomerCreatedListener listener) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Whose time decides what is due. Default: the system's UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often to look for due events when there were none. Default: 250 ms. */
    public Builder pollEvery(Duration pollEvery) {
      this.pollEvery = positive(pollEvery, "pollEvery");
      return this;
    }

    /**
     * How long a claimed event is held before another relay may claim it: longer than the listener ever takes.
     * Default: 1 minute.
     */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** When failed deliveries are tried again. Default: {@link RetrySchedule#STANDARD}. */
    public Builder schedule(RetrySchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** How many events are handed to the listener at once. Default: 4. */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("At least one worker, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    public EventRelay build() {
      return new EventRelay(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " is positive, got " + value);
      }
      return value;
    }
  }
}
