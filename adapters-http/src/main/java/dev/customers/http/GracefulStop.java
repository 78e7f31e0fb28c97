package dev.customers.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole app's stop ({@link CustomersApi#create}), in two parts before Jetty's own graceful stop: a drain, while
 * {@code /health} answers 503, then the port closes and the answers under way with keep-alive go out.
 */
final class GracefulStop {

  /** How long a stop waits for requests in flight before it closes their connections. */
  static final long IN_FLIGHT_WAIT_MILLIS = 10_000;

  private final Duration drain;
  private final InFlightRequests inFlight;
  private final AtomicBoolean serving = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile ClosablePortConnector connector;

  GracefulStop(Duration drain, Duration quiet) {
    this.drain = drain;
    this.inFlight = new InFlightRequests(quiet);
  }

  InFlightRequests inFlight() {
    return inFlight;
  }

  /** The connector whose port {@link #stop()} closes, once Jetty has made it. */
  void connector(ClosablePortConnector connector) {
    this.connector = connector;
  }

  /** The server has started. */
  void serving() {
    serving.set(true);
  }

  /** Whether a stop has begun: {@code /health} then says 503. */
  boolean stopping() {
    return stopping.get();
  }

  /** Both parts, when Javalin says the server is stopping. */
  void stop() {
    drain();
    closePort();
  }

  /**
   * The first part, before Jetty's: {@code /health} says 503 so that a load balancer sends no more, while everything
   * else is served as usual (keep-alive included) for the drain time.
   */
  private void drain() {
    stopping.set(true);
    if (!serving.get()) {
      return;
    }
    try {
      Thread.sleep(drain.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The second part, still before Jetty's: the port closes while clients keep their connections (so none is
   * connecting just then, to be reset with the port), every answer from then on closes its connection, and once the
   * answers that were already under way with keep-alive are out, Jetty's graceful stop has no kept-alive answer left
   * to close a connection after (see {@link ClosablePortConnector}).
   */
  private void closePort() {
    ClosablePortConnector own = connector;
    if (!serving.get() || own == null) {
      return;
    }
    own.closePort();
    inFlight.closeEachConnection();
    try {
      inFlight.awaitKeptAliveAnswers(IN_FLIGHT_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
