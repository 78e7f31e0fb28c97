package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anyone, without a token, opens a few hundred connections and sends each a request with a large body a byte at a
 * time: each is refused at once and its connection closed, so no server thread waits for those bodies, and another
 * client's requests are answered as quickly as before. A regression guard with a generous bound, not a benchmark.
 */
class SlowRefusedBodiesIT {

  private static final int SLOW_CONNECTIONS = 300;
  private static final int SAMPLES = 15;
  private static final Duration OTHER_CLIENT_TIMEOUT = Duration.ofSeconds(3);

  @Test
  void hundreds_of_slow_bodies_without_a_token_are_refused_at_once_and_other_clients_keep_their_latency()
      throws Exception {
    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository())) {
      double baseline = medianMillis(api);
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
          slow.add(slowBody(api));
        }
        // Each is answered while its body has hardly begun, and told that the connection closes.
        for (Socket socket : slow) {
          String head = head(socket);
          assertThat(head).matches("(?s)HTTP/1\\.1 (401|429) .*").containsIgnoringCase("\r\nConnection: close\r\n");
        }
        // And so on, as an attacker keeps 300 connections sending: the latency of others stays what it was.
        Thread attack = new Thread(() -> keepSending(api, slow));
        attack.setDaemon(true);
        attack.start();
        Thread.sleep(1_000);

        double underLoad = medianMillis(api);

        attack.interrupt();
        attack.join(10_000);
        assertThat(underLoad).as("median of another client's GET in ms: %.1f before, %.1f with %d slow bodies",
            baseline, underLoad, SLOW_CONNECTIONS).isLessThan(Math.max(500, 20 * baseline));
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  /** A connection, from another loopback address as an attacker is another host, that sent a head and one byte. */
  private static Socket slowBody(RunningApi api) throws IOException {
    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), api.uri("/").getPort(),
        InetAddress.getByName("127.0.0.2"), 0);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("POST /api/admin/users/ HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")
        .getBytes(StandardCharsets.ISO_8859_1));
    return socket;
  }

  /** The status line and headers of the answer on {@code socket}. */
  private static String head(Socket socket) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while (head.indexOf("\r\n\r\n") < 0 && (c = socket.getInputStream().read()) != -1) {
      head.append((char) c);
    }
    return head.toString();
  }

  /**
   * Keeps {@code sockets} sending a byte a second, each replaced by a new slow body once the server has answered it
   * (the first round: all of them), until interrupted.
   */
  private static void keepSending(RunningApi api, List<Socket> sockets) {
    boolean firstRound = true;
    while (!Thread.currentThread().isInterrupted()) {
      for (int i = 0; i < sockets.size(); i++) {
        Socket socket = sockets.get(i);
        try {
          if (firstRound || socket.getInputStream().available() > 0) {
            socket.close();
            sockets.set(i, slowBody(api));
          } else {
            socket.getOutputStream().write(' ');
          }
        } catch (IOException closedOrBusy) {
          try {
            socket.close();
            sockets.set(i, slowBody(api));
          } catch (IOException e) {
            // The server is busy: the next round tries again.
          }
        }
      }
      firstRound = false;
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * The median time of a few GETs of another client with a token, each on a connection of its own (as most clients
   * of an API come and go); one unanswered in time counts as the timeout.
   */
  private static double medianMillis(RunningApi api) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      long started = System.nanoTime();
      try (Socket socket = new Socket("127.0.0.1", api.uri("/").getPort())) {
        socket.setSoTimeout((int) OTHER_CLIENT_TIMEOUT.toMillis());
        socket.getOutputStream().write(("GET /api/admin/users/1/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + RunningApi.WRITER + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] status = socket.getInputStream().readNBytes(12);
        assertThat(new String(status, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 404");
        millis.add((System.nanoTime() - started) / 1e6);
      } catch (IOException timedOut) {
        millis.add((double) OTHER_CLIENT_TIMEOUT.toMillis());
      }
    }
    Collections.sort(millis);
    return millis.get(SAMPLES / 2);
  }
}
