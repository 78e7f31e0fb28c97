package dev.customers.spring.autoconfigure;

import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.events.EventOutbox;
import dev.customers.domain.events.EventRelay;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link EventRelay} of the application's {@link CustomerCreatedListener} beans, started and stopped with the
 * context, in the phase of Spring Boot's graceful shutdown: it stops once the web server has let the requests in
 * flight finish, and before the repository closes. Every listener gets every event, one after the other; when one
 * throws, the event is tried again later for all of them (delivery is at least once: de-duplicate by event id).
 */
public final class CustomersEventRelay implements SmartLifecycle {

  /** Spring Boot's graceful shutdown phase ({@code WebServerGracefulShutdownLifecycle}). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private final EventOutbox outbox;
  private final List<CustomerCreatedListener> listeners;
  private volatile EventRelay relay;

  public CustomersEventRelay(EventOutbox outbox, List<CustomerCreatedListener> listeners) {
    this.outbox = outbox;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public synchronized void start() {
    if (relay == null) {
      relay = EventRelay.builder(outbox, event -> {
        for (CustomerCreatedListener listener : listeners) {
          listener.onCustomerCreated(event);
        }
      }).build().start();
    }
  }

  @Override
  public synchronized void stop() {
    if (relay != null) {
      relay.close();
      relay = null;
    }
  }

  @Override
  public boolean isRunning() {
    return relay != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Looks for due events now rather than at the next poll, e.g. after a create. */
  public void wake() {
    EventRelay running = relay;
    if (running != null) {
      running.wake();
    }
  }
}
