package dev.customers.server;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The real server's main in a JVM of its own, configured by the environment only, as the launcher runs it. */
final class ChildServer {

  private static final Duration START_PATIENCE = Duration.ofSeconds(120);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ChildServer() {}

  /** The command, with no CUSTOMERS_* variable of this JVM's but {@code environment}; output and errors merged. */
  static ProcessBuilder command(Map<String, String> environment) {
    ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CustomersServer.class.getName());
    launch.environment().keySet().removeIf(name -> name.startsWith("CUSTOMERS_"));
    launch.environment().putAll(environment);
    launch.redirectErrorStream(true);
    return launch;
  }

  /**
   * Starts the server, its output appended to {@code log}, and waits until {@code GET /health} on {@code port}
   * answers 200; a server that exits or is not up within two minutes fails the test with its log.
   */
  static Process startHealthy(Map<String, String> environment, int port, Path log) throws Exception {
    ProcessBuilder launch = command(environment);
    launch.redirectOutput(Redirect.appendTo(log.toFile()));
    Process server = launch.start();
    long deadline = System.nanoTime() + START_PATIENCE.toNanos();
    while (!healthy(port)) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        server.destroyForcibly();
        throw new AssertionError("The server did not come up: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return server;
  }

  private static boolean healthy(int port) throws InterruptedException {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException down) {
      return false;
    }
  }
}
