package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, as launched: what anyone sends without a token writes a bounded line to its log, or none, and
 * a header line ended by a bare LF is refused.
 */
class LogFloodingIT {

  @TempDir
  Path data;

  @Test
  void requests_without_a_token_cannot_flood_the_log_and_a_bare_lf_is_refused() throws Exception {
    int port = CustomersServerTest.freePort();
    Path log = data.resolve("server.log");
    Process server = ChildServer.startHealthy(Map.of("CUSTOMERS_PORT", Integer.toString(port),
        "CUSTOMERS_DB_URL", "jdbc:h2:file:" + data.resolve("customers"), "CUSTOMERS_SHUTDOWN_DRAIN", "0",
        "CUSTOMERS_LOG_FORMAT", "json"), port, log);
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(send(port, "CONNECT /" + "A".repeat(7_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
            .startsWith("HTTP/1.1 400 ");
        assertThat(send(port, "M".repeat(6_000) + " /api/admin/users/ HTTP/1.1\r\nHost: x\r\n\r\n"))
            .startsWith("HTTP/1.1 ");
      }
      assertThat(send(port, "GET /health HTTP/1.1\r\nHost: x\nX-Foo: a\r\n\r\n")).startsWith("HTTP/1.1 400 ");
      assertThat(send(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Foo: a\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    String written = Files.readString(log);
    assertThat(written).doesNotContain("Bad Authority").doesNotContain("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .doesNotContain("M".repeat(17));
    assertThat(written.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThan(1_000));
  }

  /** One request on a connection of its own; answers the status line. */
  private static String send(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readNBytes(13), StandardCharsets.ISO_8859_1);
    }
  }
}
