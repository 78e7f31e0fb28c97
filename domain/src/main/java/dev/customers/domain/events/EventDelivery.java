package dev.customers.domain.events;

import dev.customers.domain.events.EventOutbox.Claimed;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an {@link EventRelay} does with one claimed event: hands it to the listener, then reports the outcome under
 * the claim's lease: delivered, due again after the schedule's next delay, or failed after its last attempt.
 */
final class EventDelivery {

  private static final Logger LOG = System.getLogger(EventRelay.class.getName());

  private final EventOutbox outbox;
  private final CustomerCreatedListener listener;
  private final Clock clock;
  private final RetrySchedule schedule;

  EventDelivery(EventOutbox outbox, CustomerCreatedListener listener, Clock clock, RetrySchedule schedule) {
    this.outbox = outbox;
    this.listener = listener;
    this.clock = clock;
    this.schedule = schedule;
  }

  void deliver(Claimed claimed) {
    CustomerCreated event = claimed.event();
    Exception failure;
    try {
      listener.onCustomerCreated(event);
      failure = null;
    } catch (Exception e) {
      failure = e;
    } catch (Error e) {
      failure = new RuntimeException(e);
    }
    try {
      report(claimed, failure);
    } catch (RuntimeException e) {
      // Not reported: the lease ends and the event is claimed again, so it is handed on again (at least once).
      LOG.log(Level.WARNING, "Cannot record the delivery of event {0} (customer {1}), it will be handed on again: {2}",
          event.eventId(), event.customerId(), e.getMessage());
    }
  }

  private void report(Claimed claimed, Exception failure) {
    CustomerCreated event = claimed.event();
    Instant now = clock.instant();
    if (failure == null) {
      outbox.delivered(claimed.lease(), now);
      return;
    }
    var delay = schedule.delayAfter(claimed.attempt(), ThreadLocalRandom.current().nextDouble());
    if (delay.isPresent()) {
      outbox.retryAt(claimed.lease(), now.plus(delay.get()));
      LOG.log(Level.INFO, "customer.created event {0} (customer {1}): attempt {2} failed ({3}), next in {4}",
          event.eventId(), event.customerId(), claimed.attempt(), failure.getClass().getSimpleName(), delay.get());
    } else {
      outbox.failed(claimed.lease(), now);
      LOG.log(Level.WARNING, "customer.created event {0} (customer {1}) failed after {2} attempts; not retried",
          event.eventId(), event.customerId(), claimed.attempt());
    }
  }
}
