package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersApi;
import dev.customers.jdbi.JdbiCustomerRepository;
import io.javalin.Javalin;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold connections: one that sends its body a byte a second, hundreds of them at once, a thousand
 * concurrent connections. Each is served or refused cleanly, and the server keeps answering everyone else.
 */
class ReliabilityConnectionsIT {

  private static final String TOKEN = "connections-token";
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
  /** Far more than the timeout allows, far less than a hung server would take. */
  private static final long PATIENCE_MILLIS = 20_000;

  /**
   * The adapter on a random port, with a short body timeout; keeps the app for a look at Jetty's threads. Each has a
   * client of its own: a client shared by the tests could hold a kept-alive connection to an earlier test's server
   * on the same port number, and send this one's request into it.
   */
  private record Api(Javalin app, HttpClient client) implements AutoCloseable {
    static Api start(JdbiCustomerRepository repository) {
      return start(repository, BODY_TIMEOUT);
    }

    static Api start(JdbiCustomerRepository repository, Duration bodyTimeout) {
      Javalin app = CustomersApi.create(new CreateCustomer(repository, Clock.systemUTC()),
          new FindCustomer(repository), repository::isAvailable,
          ApiSettings.builder().token(TOKEN, "users:read", "users:write").requestsPerSecond(0)
              .bodyTimeout(bodyTimeout).build());
      app.start("127.0.0.1", 0);
      return new Api(app, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    int port() {
      return app.port();
    }

    QueuedThreadPool threads() {
      return (QueuedThreadPool) app.jettyServer().server().getThreadPool();
    }

    int create(String json) {
      return send(createRequest(json)).statusCode();
    }

    /** A create with an Idempotency-Key, so that a request whose connection closed unanswered can be sent again. */
    HttpResponse<Void> createWithKey(String json, String key) {
      return send(createRequest(json).header("Idempotency-Key", key));
    }

    int health() {
      return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/health")).GET()).statusCode();
    }

    private HttpRequest.Builder createRequest(String json) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/admin/users/"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<Void> send(HttpRequest.Builder request) {
      try {
        return client.send(request.timeout(Duration.ofMillis(PATIENCE_MILLIS)).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      app.stop();
    }
  }

  private static JdbiCustomerRepository inMemoryH2() {
    return JdbiCustomerRepository.open("jdbc:h2:mem:reliability-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "sa", "");
  }

  @Test
  void a_body_sent_one_byte_a_second_hits_the_timeout_and_hears_408() throws Exception {
    try (JdbiCustomerRepository repository = inMemoryH2(); Api api = Api.start(repository)) {
      try (Socket socket = connect(api)) {
        sendHead(socket, 100);
        long started = System.nanoTime();

        String answer = trickleUntilAnswered(socket, PATIENCE_MILLIS);

        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close")
            .contains("Content-Type: application/json").endsWith("{\"detail\":\"Request Timeout.\"}");
        assertThat(waited).as("answered within twice the body timeout, plus slack")
            .isLessThan(2 * BODY_TIMEOUT.toMillis() + 3_000);
      }
      assertThat(api.create("{\"email\": \"after-slow@example.com\"}")).isEqualTo(201);
    }
  }

  @Test
  void a_client_that_stops_sending_its_body_hears_408_as_json() throws Exception {
    try (JdbiCustomerRepository repository = inMemoryH2(); Api api = Api.start(repository)) {
      try (Socket socket = connect(api)) {
        sendHead(socket, 100);
        socket.getOutputStream().write("{\"email\"".getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout((int) PATIENCE_MILLIS);

        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(answer).startsWith("HTTP/1.1 408 ").endsWith("{\"detail\":\"Request Timeout.\"}");
      }
    }
  }

  @Test
  void an_idle_keep_alive_connection_is_closed_after_the_body_timeout() throws Exception {
    try (JdbiCustomerRepository repository = inMemoryH2(); Api api = Api.start(repository)) {
      try (Socket socket = connect(api)) {
        String answer = askHealthKeepingAlive(socket);
        socket.setSoTimeout((int) PATIENCE_MILLIS);

        int next = socket.getInputStream().read();

        assertThat(answer).startsWith("HTTP/1.1 200 ").doesNotContain("Connection: close");
        assertThat(next).as("the server closed the idle connection").isEqualTo(-1);
      }
    }
  }

  @Test
  void a_stop_right_after_an_answer_does_not_wait_for_the_kept_alive_connection() throws Exception {
    // A body timeout longer than the stop's drain time: only the stop itself can close this connection in time.
    try (JdbiCustomerRepository repository = inMemoryH2();
        Api api = Api.start(repository, Duration.ofSeconds(60));
        Socket socket = connect(api)) {
      assertThat(askHealthKeepingAlive(socket)).startsWith("HTTP/1.1 200 ");

      api.app().stop();

      socket.setSoTimeout((int) PATIENCE_MILLIS);
      assertThat(socket.getInputStream().read()).as("the stop closed the idle connection").isEqualTo(-1);
    }
  }

  @Test
  void more_slow_clients_than_server_threads_do_not_lock_out_a_normal_client() throws Exception {
    int slowClients = 300;
    try (JdbiCustomerRepository repository = inMemoryH2(); Api api = Api.start(repository)) {
      int maxThreads = api.threads().getMaxThreads();
      assertThat(slowClients).as("enough to take every server thread").isGreaterThan(maxThreads);
      List<Socket> sockets = new ArrayList<>();
      String json = "{\"email\": \"among-the-slow@example.com\"}";
      String key = "among-the-slow-" + UUID.randomUUID();
      try {
        for (int i = 0; i < slowClients; i++) {
          Socket socket = connect(api);
          sendHead(socket, 1000);
          sockets.add(socket);
        }
        CompletableFuture<HttpResponse<Void>> normal =
            CompletableFuture.supplyAsync(() -> api.createWithKey(json, key));
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        int stillOpen = slowClients;
        while (stillOpen > 0 && System.currentTimeMillis() < deadline) {
          stillOpen = 0;
          for (Socket socket : sockets) {
            if (!socket.isClosed() && trickleOneByte(socket)) {
              stillOpen++;
            }
          }
          Thread.sleep(1000);
        }
        assertThat(stillOpen).as("slow clients the server still waits for").isZero();

        HttpResponse<Void> answer;
        try {
          answer = normal.get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          // The normal create waited for a thread longer than the idle timeout (on a busy machine the slow bodies
          // can hold every thread that long): Jetty closed its connection (an end of stream, or a reset) before
          // reading any of it. Then nothing was stored, and now that the slow clients are cut off the same request
          // is served and is no replay.
          assertThat(e).rootCause().isInstanceOfAny(EOFException.class, SocketException.class);
          answer = api.createWithKey(json, key);
          assertThat(answer.headers().firstValue("Idempotent-Replayed")).as("stored by the unanswered attempt")
              .isEmpty();
        }
        assertThat(answer.statusCode()).isEqualTo(201);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  void a_thousand_concurrent_connections_are_served_or_refused_cleanly() throws Exception {
    int connections = 1000;
    // The default body timeout: on two cores a thousand requests wait in line for seconds, and a short timeout
    // would count that wait against the clients.
    try (JdbiCustomerRepository repository = inMemoryH2();
        Api api = Api.start(repository, ApiSettings.DEFAULT_BODY_TIMEOUT)) {
      QueuedThreadPool threads = api.threads();
      Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
      AtomicInteger peakServerThreads = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService clients = Executors.newFixedThreadPool(connections);
      for (int i = 0; i < connections; i++) {
        int client = i;
        clients.execute(() -> {
          String outcome = oneRequest(api, client, go);
          outcomes.computeIfAbsent(outcome, key -> new LongAdder()).increment();
          peakServerThreads.accumulateAndGet(threads.getThreads(), Math::max);
        });
      }
      go.countDown();
      clients.shutdown();
      assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).as("every client finished").isTrue();

      Map<String, Long> counts = new java.util.TreeMap<>();
      outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
      assertThat(counts.keySet()).as("outcomes " + counts)
          .allMatch(outcome -> outcome.equals("201") || outcome.equals("503") || outcome.startsWith("refused ("));
      assertThat(counts.getOrDefault("201", 0L)).as("served " + counts).isPositive();
      assertThat(peakServerThreads.get()).isLessThanOrEqualTo(threads.getMaxThreads());
      assertThat(api.health()).isEqualTo(200);
      assertThat(api.create("{\"email\": \"after-the-thousand@example.com\"}")).isEqualTo(201);
      System.gc();
      long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
      System.out.println("connections: concurrent=" + connections + " outcomes=" + counts + " peak_server_threads="
          + peakServerThreads + "/" + threads.getMaxThreads() + " retained_heap_mib=" + heapMiB);
      assertThat(heapMiB).as("heap retained after the burst, MiB").isLessThan(512);
    }
  }

  /**
   * One create on a connection of its own, sent when {@code go} opens. "201" or "503" when answered as the
   * contract says (a JSON body; 503 with Retry-After), "refused" when the connection was refused or reset before
   * an answer, anything else is named for the failure.
   */
  private static String oneRequest(Api api, int client, CountDownLatch go) {
    try (Socket socket = new Socket()) {
      go.await();
      socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 10_000);
      socket.setSoTimeout((int) PATIENCE_MILLIS * 3);
      byte[] body = ("{\"email\": \"concurrent-" + client + "@example.com\", \"tags\": [\"a\"]}")
          .getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/admin/users/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (answer.isEmpty()) {
        return "refused (closed)";
      }
      String status = answer.substring(9, 12);
      boolean json = answer.contains("Content-Type: application/json") && answer.endsWith("}");
      if (status.equals("201") && json
          || status.equals("503") && json && answer.contains("Retry-After: 1")) {
        return status;
      }
      return "unclean " + status;
    } catch (SocketException refusedOrReset) {
      return "refused (" + refusedOrReset.getMessage() + ")";
    } catch (SocketTimeoutException e) {
      return "hung";
    } catch (IOException e) {
      return "failed " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Socket connect(Api api) throws IOException {
    Socket socket = new Socket("127.0.0.1", api.port());
    socket.setSoTimeout(50);
    return socket;
  }

  /** Sends GET /health on a connection that stays open; answers the whole response, head and body. */
  private static String askHealthKeepingAlive(Socket socket) throws IOException {
    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    socket.setSoTimeout((int) PATIENCE_MILLIS);
    InputStream in = socket.getInputStream();
    StringBuilder answer = new StringBuilder();
    while (answer.indexOf("\r\n\r\n") < 0) {
      int next = in.read();
      assertThat(next).as("closed before the end of the head: " + answer).isNotEqualTo(-1);
      answer.append((char) next);
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer);
    assertThat(length.find()).as(answer.toString()).isTrue();
    answer.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
    return answer.toString();
  }

  private static void sendHead(Socket socket, int contentLength) throws IOException {
    socket.getOutputStream().write(("POST /api/admin/users/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Sends a space a second until the server answers or closes; answers what it said. */
  private static String trickleUntilAnswered(Socket socket, long patienceMillis) throws Exception {
    StringBuilder answer = new StringBuilder();
    long deadline = System.currentTimeMillis() + patienceMillis;
    InputStream in = socket.getInputStream();
    while (System.currentTimeMillis() < deadline) {
      try {
        socket.getOutputStream().write(' ');
      } catch (IOException closed) {
        // The server stopped reading; what it answered is still to be read.
      }
      long second = System.currentTimeMillis() + 1000;
      while (System.currentTimeMillis() < second) {
        int read;
        try {
          read = in.read();
        } catch (SocketTimeoutException nothingYet) {
          continue;
        } catch (IOException reset) {
          return answer.toString();
        }
        if (read == -1) {
          return answer.toString();
        }
        answer.append((char) read);
      }
    }
    return answer.toString();
  }

  /** Sends one byte; false (and closes this side) once the server has answered or closed the connection. */
  private static boolean trickleOneByte(Socket socket) throws IOException {
    try {
      socket.getOutputStream().write(' ');
      if (socket.getInputStream().available() == 0) {
        return true;
      }
    } catch (IOException closedByTheServer) {
      // Done with, as when it answered.
    }
    socket.close();
    return false;
  }
}
