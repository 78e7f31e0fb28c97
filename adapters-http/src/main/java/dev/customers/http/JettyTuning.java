package dev.customers.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty and Javalin as the whole app ({@link CustomersApi#create}) wants them: quiet, no compression or ETags, errors
 * as JSON, an accept queue for bursts, the body timeout as the connections' idle timeout, and the port on a connector
 * that {@link GracefulStop} can close first. A host's app, with the plugin alone, keeps its own.
 */
final class JettyTuning {

  private static final int ACCEPT_QUEUE_SIZE = 1024;

  private JettyTuning() {}

  static void apply(JavalinConfig config, ApiSettings settings, Responses responses, GracefulStop stop) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.http.compressionStrategy = CompressionStrategy.NONE;
    config.http.generateEtags = false;
    config.jetty.modifyHttpConfiguration(http -> {
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      // RFC 9110's mode, but a header or chunk line ended by a bare LF is a 400: a proxy in front that reads lines
      // only by CRLF would see another request than this server does (X-Foo: a\nTransfer-Encoding: chunked).
      http.setHttpCompliance(HttpCompliance.RFC9110.without("RFC9110_WITHOUT_BARE_LF",
          HttpCompliance.Violation.LF_HEADER_TERMINATION, HttpCompliance.Violation.LF_CHUNK_TERMINATION));
    });
    // The port, on a connector whose port the stop closes first (app.start(host, port) sets host and port before).
    config.jetty.addConnector((server, http) -> {
      ClosablePortConnector own = new ClosablePortConnector(server, http);
      own.setHost(config.jetty.host);
      own.setPort(config.jetty.port);
      stop.connector(own);
      return own;
    });
    config.jetty.modifyServer(server -> {
      // A stop lets requests in flight finish (up to GracefulStop.IN_FLIGHT_WAIT_MILLIS) instead of cutting them off.
      server.setStopTimeout(GracefulStop.IN_FLIGHT_WAIT_MILLIS);
      server.insertHandler(stop.inFlight());
      server.setErrorHandler(new JettyErrors(responses));
      // Javalin's LowResourceMonitor cuts the idle timeout of every connection to 1 s when threads run short: in a
      // burst it resets connections whose requests wait in line, creates among them, and their clients cannot
      // tell whether the customer was stored. Slow clients are bounded by the body timeout instead.
      server.getBeans(LowResourceMonitor.class).forEach(server::removeBean);
      // The kernel queues connections the server has not accepted yet. Java's default queue of 50 overflows in a
      // burst, and Linux then resets connections whose clients have already sent their request. (The connector
      // exists only once the server starts.)
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
          for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
              serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
              // A connection waits at most this long for its peer: a body that stalls (Javalin then answers 408)
              // and an idle keep-alive connection alike. Set on the connector, not per request in the
              // HttpConfiguration: Jetty restores a per-request timeout when the response completes, which can
              // undo the idle timeout a stop gives idle connections and make the stop wait out its whole drain time.
              serverConnector.setIdleTimeout(settings.bodyTimeout().toMillis());
              // During a stop, an idle kept-alive connection closes once it has been quiet for shutdownQuiet (not
              // Jetty's own 1 s): the time InFlightRequests waits for its next request. Jetty reads 0 as never.
              serverConnector.setShutdownIdleTimeout(Math.max(1, settings.shutdownQuiet().toMillis()));
            }
          }
        }
      });
    });
  }
}
