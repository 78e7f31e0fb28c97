package dev.customers.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server's connector, whose port a stop closes on its own, before any connection is touched.
 *
 * <p>Jetty's own graceful stop does both at once: it closes the port and marks the connector shut down, which closes
 * each connection after its current answer. An answer already under way then goes out as a kept-alive one (its
 * headers were written before) and its connection is closed right after, under the next request its client sends at
 * once. Closing the port first, while clients still keep their connections, and having every later answer say
 * {@code Connection: close} (see {@link InFlightRequests#closeEachConnection}) leaves Jetty's stop nothing to cut off.
 */
final class ClosablePortConnector extends ServerConnector {

  ClosablePortConnector(Server server, HttpConfiguration http) {
    super(server, new HttpConnectionFactory(http));
  }

  /**
   * Closes the port as Jetty's stop does: the acceptor thread, interrupted, closes the listening socket and ends. A
   * new connection is refused from then on; the open ones are served as before.
   */
  void closePort() {
    interruptAcceptors();
  }
}
