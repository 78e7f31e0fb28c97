package dev.customers.testkit;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.events.EventRelay;
import dev.customers.domain.events.PruneEvents;
import dev.customers.domain.events.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventRelayTest {

  private static final Duration LIVENESS = Duration.ofSeconds(20);

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();
  private final MovableClock clock = new MovableClock(FixedClock.DEFAULT_INSTANT);
  private final List<CustomerCreated> heard = Collections.synchronizedList(new ArrayList<>());

  @Test
  void each_stored_event_is_handed_on_once_and_marked_delivered() {
    Customer first = saved();
    Customer second = saved();
    EventRelay relay = relay(heard::add).build();

    assertThat(relay.deliverDue()).isEqualTo(2);
    assertThat(relay.deliverDue()).isZero();

    assertThat(heard).extracting(CustomerCreated::customerId)
        .containsExactly(first.id().orElseThrow(), second.id().orElseThrow());
    assertThat(state(first).status()).isEqualTo(Status.DELIVERED);
    assertThat(state(first).finishedAt()).contains(clock.instant());
    assertThat(state(first).attempts()).isEqualTo(1);
  }

  @Test
  void an_event_whose_listener_throws_is_handed_on_again_after_the_first_retry_delay_and_not_before() {
    Customer customer = saved();
    List<Integer> attempts = new ArrayList<>();
    EventRelay relay = relay(event -> {
      attempts.add(attempts.size() + 1);
      if (attempts.size() == 1) {
        throw new IllegalStateException("the mail server is away");
      }
    }).build();

    relay.deliverDue();
    EventState waiting = state(customer);
    assertThat(waiting.status()).isEqualTo(Status.PENDING);
    // About 5 s, spread by +-20 %.
    assertThat(waiting.nextAttemptAt().orElseThrow())
        .isBetween(clock.instant().plusSeconds(4), clock.instant().plusSeconds(6));

    clock.set(waiting.nextAttemptAt().orElseThrow().minusMillis(1));
    assertThat(relay.deliverDue()).isZero();
    clock.set(waiting.nextAttemptAt().orElseThrow());
    assertThat(relay.deliverDue()).isEqualTo(1);

    assertThat(attempts).containsExactly(1, 2);
    assertThat(state(customer).status()).isEqualTo(Status.DELIVERED);
    assertThat(state(customer).attempts()).isEqualTo(2);
  }

  @Test
  void a_failing_event_does_not_hold_up_the_events_behind_it() {
    Customer failing = saved();
    Customer second = saved();
    Customer third = saved();
    CustomerId failingId = failing.id().orElseThrow();
    EventRelay relay = relay(event -> {
      if (event.customerId().equals(failingId)) {
        throw new IllegalStateException("refused");
      }
      heard.add(event);
    }).build();

    relay.deliverDue();

    assertThat(heard).extracting(CustomerCreated::customerId)
        .containsExactly(second.id().orElseThrow(), third.id().orElseThrow());
    assertThat(state(failing).status()).isEqualTo(Status.PENDING);
  }

  @Test
  void after_the_schedules_last_attempt_the_event_is_marked_failed_and_never_handed_on_again() {
    Customer customer = saved();
    List<Instant> calls = new ArrayList<>();
    EventRelay relay = relay(event -> {
      calls.add(clock.instant());
      throw new IllegalStateException("always down");
    }).build();

    for (int round = 0; round < 15; round++) {
      relay.deliverDue();
      state(customer).nextAttemptAt().ifPresent(clock::set);
    }

    assertThat(calls).hasSize(RetrySchedule.STANDARD.attempts());
    EventState failed = state(customer);
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.attempts()).isEqualTo(10);
    assertThat(failed.nextAttemptAt()).isEmpty();
    assertThat(failed.finishedAt()).isPresent();
  }

  @Test
  void the_standard_schedule_tries_10_times_over_about_3_days() {
    RetrySchedule schedule = RetrySchedule.STANDARD;
    Duration total = Duration.ZERO;
    List<Duration> delays = new ArrayList<>();
    for (int attempt = 1; attempt < schedule.attempts(); attempt++) {
      Duration delay = schedule.delayAfter(attempt, 0.5).orElseThrow();
      delays.add(delay);
      total = total.plus(delay);
    }

    assertThat(schedule.attempts()).isEqualTo(10);
    assertThat(delays.get(0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(delays).isSorted();
    assertThat(total).isBetween(Duration.ofHours(71), Duration.ofHours(73));
    assertThat(schedule.delayAfter(10, 0.5)).isEmpty();
    assertThat(schedule.delayAfter(1, 0)).contains(Duration.ofSeconds(4));
    assertThat(schedule.delayAfter(1, 0.999999).orElseThrow()).isLessThan(Duration.ofSeconds(6));
    assertThat(schedule.longestSpan()).isBetween(Duration.ofDays(3), Duration.ofDays(4));
  }

  @Test
  void events_are_deleted_after_the_retention_whatever_their_state() {
    Customer delivered = saved();
    relay(heard::add).build().deliverDue();
    Customer pending = saved();
    assertThat(state(pending).status()).isEqualTo(Status.PENDING);
    PruneEvents prune = new PruneEvents(repository, clock, Duration.ofDays(7));

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(prune.prune()).isZero();
    assertThat(repository.eventsOf(delivered.id().orElseThrow())).hasSize(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(prune.prune()).isEqualTo(2);

    assertThat(repository.eventsOf(delivered.id().orElseThrow())).isEmpty();
    assertThat(repository.eventsOf(pending.id().orElseThrow())).isEmpty();
  }

  @Test
  void a_retention_the_schedule_could_outlast_is_refused() {
    assertThatThrownBy(() -> new PruneEvents(repository, clock, Duration.ofDays(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
  }

  @Test
  void a_started_relay_hands_on_the_events_of_customers_saved_after_it_started() throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    Set<CustomerId> seen = ConcurrentHashMap.newKeySet();
    try (EventRelay relay = EventRelay.builder(repository, event -> {
      seen.add(event.customerId());
      three.countDown();
    }).pollEvery(Duration.ofMillis(20)).build().start()) {
      List<CustomerId> ids = List.of(savedNow().id().orElseThrow(), savedNow().id().orElseThrow(),
          savedNow().id().orElseThrow());

      assertThat(three.await(LIVENESS.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void wake_makes_a_started_relay_look_at_once_rather_than_at_its_next_poll() throws Exception {
    CountDownLatch one = new CountDownLatch(1);
    try (EventRelay relay = EventRelay.builder(repository, event -> one.countDown())
        .pollEvery(Duration.ofHours(1)).build().start()) {
      // Its first look found nothing; the next poll is an hour away.
      Thread.sleep(100);
      savedNow();
      relay.wake();

      assertThat(one.await(LIVENESS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void a_slow_listener_holds_up_only_its_own_worker() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch others = new CountDownLatch(5);
    Customer slow = savedNow();
    try (EventRelay relay = EventRelay.builder(repository, event -> {
      if (event.customerId().equals(slow.id().orElseThrow())) {
        release.await();
      } else {
        others.countDown();
      }
    }).workers(2).pollEvery(Duration.ofMillis(20)).build().start()) {
      for (int i = 0; i < 5; i++) {
        savedNow();
      }

      assertThat(others.await(LIVENESS.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(state(slow).status()).isEqualTo(Status.PENDING);
      release.countDown();
    }
  }

  private EventRelay.Builder relay(CustomerCreatedListener listener) {
    return EventRelay.builder(repository, listener).clock(clock);
  }

  private Customer saved() {
    SaveResult result = repository.save(aCustomer().dateJoined(clock.instant()).build());
    return ((SaveResult.Saved) result).customer();
  }

  /** For a started relay, which reads the system's clock: a customer joined now, not to be pruned as old. */
  private Customer savedNow() {
    SaveResult result = repository.save(aCustomer().dateJoined(Instant.now().truncatedTo(ChronoUnit.MICROS)).build());
    return ((SaveResult.Saved) result).customer();
  }

  private EventState state(Customer customer) {
    List<EventState> states = repository.eventsOf(customer.id().orElseThrow());
    assertThat(states).hasSize(1);
    return states.get(0);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
