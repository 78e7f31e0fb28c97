package dev.customers.http;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(ClosablePortConnector.class);

  private volatile boolean portClosed;

  ClosablePortConnector(Server server, HttpConfiguration http) {
    super(server, new HttpConnectionFactory(http));
  }

  /**
   * Closes the listening socket; the acceptor threads then end. A new connection is refused from then on; the open
   * ones, and one accepted as the port closed, are served as before.
   *
   * <p>Not by interrupting the acceptors, as Jetty's stop does: an interrupt that lands after the kernel has handed
   * a connection to {@code ServerSocketChannel.accept} but before the call returns makes the JDK throw
   * {@code ClosedByInterruptException} and drop the accepted socket unclosed. Its client then waits for an answer
   * that never comes, until the process ends. A close from another thread cannot lose a connection that way: the
   * accept has either taken it, and returns it, or fails.
   */
  void closePort() {
    portClosed = true;
    if (getTransport() instanceof ServerSocketChannel channel) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("The port could not be closed: {}", e.toString());
      }
    }
  }

  @Override
  public void accept(int acceptorID) throws IOException {
    if (portClosed) {
      // Ends the acceptor (below), which otherwise would call again at once, the channel being closed.
      throw new ClosedChannelException();
    }
    super.accept(acceptorID);
  }

  @Override
  protected boolean handleAcceptFailure(Throwable failure) {
    // The close above fails the acceptor's accept: it ends, quietly, instead of logging and trying again.
    return !portClosed && super.handleAcceptFailure(failure);
  }
}
