package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.events.EventOutbox;
import dev.customers.domain.events.EventRelay;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Relays in two "servers" (each its own repository and pool) on one PostgreSQL database share its events: each
 * event is handed on by one relay at a time, and one whose relay hangs is handed on by the other once the lease
 * has ended.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventRelayOnPostgresTest {

  private static final int CUSTOMERS = 300;
  private static final int SAVERS = 4;
  private static final Duration POLL_EVERY = Duration.ofMillis(20);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @Test
  void two_relays_hand_on_each_of_300_events_saved_while_they_run_once_and_never_twice_at_a_time() throws Exception {
    String url = postgres.urlOfNewDatabase();
    Deliveries deliveries = new Deliveries();
    try (JdbiCustomerRepository one = open(url); JdbiCustomerRepository other = open(url)) {
      List<Customer> saved;
      try (EventRelay first = relay(one, deliveries.listener("first"), Duration.ofSeconds(10), 3).start();
          EventRelay second = relay(other, deliveries.listener("second"), Duration.ofSeconds(10), 3).start()) {
        saved = saveFromSeveralThreads(List.of(one, other));
        awaitUntil(() -> deliveries.count.size() >= CUSTOMERS, "all events handed on");
      }

      assertThat(deliveries.overlaps.get()).as("deliveries of one event at the same time").isZero();
      assertThat(deliveries.byRelay.keySet()).as("relays that handed events on").containsOnly("first", "second");
      for (Customer customer : saved) {
        EventState state = theEventOf(one, customer);
        assertThat(state.status()).isEqualTo(Status.DELIVERED);
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(deliveries.count.get(state.event().eventId())).as("deliveries of %s", state.event()).isEqualTo(1);
      }
      assertThat(deliveries.count).hasSize(CUSTOMERS);
    }
  }

  @Test
  void an_event_whose_listener_hangs_past_the_lease_is_handed_on_by_the_other_relay_and_the_late_report_is_void()
      throws Exception {
    String url = postgres.urlOfNewDatabase();
    Duration lease = Duration.ofSeconds(1);
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<Boolean> lateReports = new LinkedBlockingQueue<>();
    BlockingQueue<CustomerCreated> heardByOther = new LinkedBlockingQueue<>();
    try (JdbiCustomerRepository one = open(url); JdbiCustomerRepository two = open(url)) {
      Customer customer = saved(one, aCustomer().dateJoined(now()).build());
      CustomerCreated event = theEventOf(one, customer).event();
      // One worker: while it hangs, this relay claims nothing more, so the event can only go to the other one.
      EventRelay stuck = relay(new ReportsRecorded(one, lateReports), hung -> {
        hanging.countDown();
        release.await();
      }, lease, 1).start();
      EventState deliveredByOther;
      try {
        assertThat(hanging.await(WAIT.toSeconds(), SECONDS)).as("the first relay's listener called").isTrue();
        try (EventRelay other = relay(two, heardByOther::add, lease, 3).start()) {
          assertThat(heardByOther.poll(WAIT.toSeconds(), SECONDS)).isEqualTo(event);
          awaitUntil(() -> theEventOf(one, customer).status() == Status.DELIVERED, "delivered by the other relay");
        }
        deliveredByOther = theEventOf(one, customer);
        release.countDown();
        assertThat(lateReports.poll(WAIT.toSeconds(), SECONDS)).as("the first relay's report, after its lease")
            .isFalse();
      } finally {
        release.countDown();
        stuck.close();
      }

      assertThat(deliveredByOther.attempts()).isEqualTo(2);
      assertThat(theEventOf(one, customer)).isEqualTo(deliveredByOther);
      assertThat(heardByOther).isEmpty();
    }
  }

  private static JdbiCustomerRepository open(String url) {
    return JdbiCustomerRepository.open(url, postgres.user(), postgres.password());
  }

  private static EventRelay relay(EventOutbox outbox, CustomerCreatedListener listener, Duration lease, int workers) {
    return EventRelay.builder(outbox, listener).pollEvery(POLL_EVERY).lease(lease).workers(workers).build();
  }

  /** {@value #CUSTOMERS} customers joined now, saved from {@value #SAVERS} threads through the repositories in turn. */
  private static List<Customer> saveFromSeveralThreads(List<? extends CustomerRepository> repositories)
      throws Exception {
    ExecutorService savers = Executors.newFixedThreadPool(SAVERS);
    try {
      List<Future<List<Customer>>> futures = new ArrayList<>();
      for (int saver = 0; saver < SAVERS; saver++) {
        int first = saver;
        futures.add(savers.submit(() -> {
          List<Customer> mine = new ArrayList<>();
          for (int i = first; i < CUSTOMERS; i += SAVERS) {
            mine.add(saved(repositories.get(i % repositories.size()), aCustomer().dateJoined(now()).build()));
          }
          return mine;
        }));
      }
      List<Customer> saved = new ArrayList<>();
      for (Future<List<Customer>> future : futures) {
        saved.addAll(future.get(WAIT.toSeconds(), SECONDS));
      }
      return saved;
    } finally {
      savers.shutdownNow();
    }
  }

  private static Customer saved(CustomerRepository repository, Customer customer) {
    SaveResult result = repository.save(customer);
    assertThat(result).isInstanceOf(SaveResult.Saved.class);
    return ((SaveResult.Saved) result).customer();
  }

  private static EventState theEventOf(EventOutbox outbox, Customer customer) {
    List<EventState> events = outbox.eventsOf(customer.id().orElseThrow());
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** As CreateCustomer stamps it: the relays prune events that occurred more than a week before their clock. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for: " + what).isBefore(deadline);
      Thread.sleep(POLL_EVERY.toMillis());
    }
  }

  /** What the listeners heard: deliveries per event and per relay, and deliveries of one event that overlapped. */
  private static final class Deliveries {
    final Map<UUID, Integer> count = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> byRelay = new ConcurrentHashMap<>();
    final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    final AtomicInteger overlaps = new AtomicInteger();

    CustomerCreatedListener listener(String relay) {
      return event -> {
        if (!inFlight.add(event.eventId())) {
          overlaps.incrementAndGet();
        }
        try {
          // A listener's work (a request elsewhere), long enough for an overlap to show.
          Thread.sleep(2);
          byRelay.computeIfAbsent(relay, name -> new AtomicInteger()).incrementAndGet();
        } finally {
          inFlight.remove(event.eventId());
          count.merge(event.eventId(), 1, Integer::sum);
        }
      };
    }
  }

  /** An outbox that passes everything on and records what each report answered. */
  private record ReportsRecorded(EventOutbox outbox, BlockingQueue<Boolean> reports) implements EventOutbox {

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int max) {
      return outbox.claimDue(now, leaseUntil, max);
    }

    @Override
    public boolean delivered(Lease lease, Instant at) {
      return recorded(outbox.delivered(lease, at));
    }

    @Override
    public boolean retryAt(Lease lease, Instant nextAttemptAt) {
      return recorded(outbox.retryAt(lease, nextAttemptAt));
    }

    @Override
    public boolean failed(Lease lease, Instant at) {
      return recorded(outbox.failed(lease, at));
    }

    @Override
    public int prune(Instant occurredBefore, Instant now, int max) {
      return outbox.prune(occurredBefore, now, max);
    }

    @Override
    public List<EventState> eventsOf(CustomerId customerId) {
      return outbox.eventsOf(customerId);
    }

    private boolean recorded(boolean answer) {
      reports.add(answer);
      return answer;
    }
  }
}
