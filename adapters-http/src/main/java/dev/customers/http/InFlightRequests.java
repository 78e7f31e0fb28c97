package dev.customers.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts the requests being handled, so that a stop waits for their answers. Unlike Jetty's GracefulHandler it
 * never answers 503 itself: a request that reaches an open connection while the server stops (a keep-alive client
 * that sent it just as the stop began) is served like any other, with {@code Connection: close} once the stop has
 * closed the port ({@link #closeEachConnection}), so the client's next request finds the port closed: refused, safe
 * to send elsewhere. A 503 instead would send it into retries, and for a create leave it unsure.
 *
 * <p>The stop is done once no request is in flight and none has finished for {@link #quietMillis}. A count of zero
 * alone is not enough: a client that had its answer on a kept-alive connection just before the stop began (without
 * {@code Connection: close}) sends its next request a moment later, and closing the connections in between would
 * cut that request off after it was sent. Every answer given during the stop closes its connection, so the quiet
 * period ends shortly after the last such client has been answered.
 */
final class InFlightRequests extends Handler.Wrapper implements Graceful {

  /**
   * {@link ApiSettings#shutdownQuiet()}. A client that waits longer on a connection kept alive before the stop may
   * find it closed under its next request: HTTP/1.1 cannot rule that out for an idle connection.
   */
  private final long quietMillis;
  private static final long CHECK_EVERY_MILLIS = 50;

  private final LongAdder inFlight = new LongAdder();
  /** Requests in flight whose answer may keep its connection: those that began before {@link #closing}. */
  private final LongAdder keptAlive = new LongAdder();
  private volatile boolean closing;
  private volatile long lastFinishedNanos = System.nanoTime();
  private final Shutdown shutdown = new Shutdown(this) {
    @Override
    public boolean isShutdownDone() {
      return inFlight.sum() == 0
          && System.nanoTime() - lastFinishedNanos >= TimeUnit.MILLISECONDS.toNanos(quietMillis);
    }
  };

  InFlightRequests(Duration quiet) {
    this.quietMillis = quiet.toMillis();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Handler next = getHandler();
    if (next == null || !isStarted()) {
      return false;
    }
    inFlight.increment();
    // Counted before the flag is read: a stop that sets the flag and then finds no kept-alive request in flight
    // cannot miss one that read the flag before it was set.
    keptAlive.increment();
    boolean keepAlive = !closing;
    if (!keepAlive) {
      keptAlive.decrement();
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    Callback counted = new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        finished(keepAlive);
        super.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        finished(keepAlive);
        super.failed(failure);
      }
    };
    boolean handled;
    try {
      handled = next.handle(request, response, counted);
    } catch (Throwable failure) {
      finished(keepAlive);
      throw failure;
    }
    if (!handled) {
      finished(keepAlive);
    }
    return handled;
  }

  private void finished(boolean keepAlive) {
    lastFinishedNanos = System.nanoTime();
    if (keepAlive) {
      keptAlive.decrement();
    }
    inFlight.decrement();
    if (isShutdown()) {
      shutdown.check();
    }
  }

  /** From now on every answer says {@code Connection: close}, and its connection closes after it. */
  void closeEachConnection() {
    closing = true;
  }

  /**
   * Waits, at most {@code millis}, until every request that began before {@link #closeEachConnection} has had its
   * answer: then no answer that keeps its connection is under way.
   */
  void awaitKeptAliveAnswers(long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (keptAlive.sum() > 0 && System.nanoTime() < end) {
      Thread.sleep(1);
    }
  }

  /** Done when {@link Shutdown#isShutdownDone()} says so: checked on every answer, and while quiet by a timer. */
  @Override
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = shutdown.shutdown();
    Thread checker = new Thread(() -> {
      while (!done.isDone()) {
        shutdown.check();
        try {
          Thread.sleep(CHECK_EVERY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "customers-stop-quiet-check");
    checker.setDaemon(true);
    checker.start();
    return done;
  }

  @Override
  public boolean isShutdown() {
    return shutdown.isShutdown();
  }
}
