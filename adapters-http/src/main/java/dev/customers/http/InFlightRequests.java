package dev.customers.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts the requests being handled, so that a stop waits for their answers. Unlike Jetty's GracefulHandler it
 * never answers 503 itself: a request that reaches an open connection while the server stops (a keep-alive client
 * that sent it just as the stop began) is served like any other, and Jetty closes that connection after the
 * response, so the client's next request finds the port closed: refused, safe to send elsewhere. A 503 instead
 * would send it into retries, and for a create leave it unsure.
 */
final class InFlightRequests extends Handler.Wrapper implements Graceful {

  private final LongAdder inFlight = new LongAdder();
  private final Shutdown shutdown = new Shutdown(this) {
    @Override
    public boolean isShutdownDone() {
      return inFlight.sum() == 0;
    }
  };

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Handler next = getHandler();
    if (next == null || !isStarted()) {
      return false;
    }
    inFlight.increment();
    Callback counted = new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        finished();
        super.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        finished();
        super.failed(failure);
      }
    };
    boolean handled;
    try {
      handled = next.handle(request, response, counted);
    } catch (Throwable failure) {
      finished();
      throw failure;
    }
    if (!handled) {
      finished();
    }
    return handled;
  }

  private void finished() {
    inFlight.decrement();
    if (isShutdown()) {
      shutdown.check();
    }
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    return shutdown.shutdown();
  }

  @Override
  public boolean isShutdown() {
    return shutdown.isShutdown();
  }
}
