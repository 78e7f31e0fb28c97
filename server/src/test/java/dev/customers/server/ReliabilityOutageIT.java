package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.jdbi.StoppablePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server when its PostgreSQL goes away: requests fail fast with 503 and Retry-After, /health says 503, and
 * once the database is back the same server process serves again by itself. The long version, under load, is
 * reliability/outage.sh.
 */
class ReliabilityOutageIT {

  private static final String TOKEN = "outage-token";
  private static final String UNAVAILABLE = "{\"detail\":\"Service temporarily unavailable.\"}";
  /** A bound on every answer while the database is away: a request that hangs fails the test by timing out. */
  private static final Duration BOUND = Duration.ofSeconds(15);
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final AtomicInteger EMAILS = new AtomicInteger();

  @TempDir
  Path work;

  @Test
  void a_stopped_database_is_503_fast_and_the_server_recovers_when_it_is_back() throws Exception {
    try (StoppablePostgres database = StoppablePostgres.startedIn(work.resolve("pg"))) {
      try (CustomersServer server = CustomersServer.start(settings(database), CustomersServerTest.quiet())) {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        HttpResponse<String> before = create(base);
        assertThat(before.statusCode()).isEqualTo(201);
        String location = before.headers().firstValue("Location").orElseThrow();

        database.stop();

        for (HttpResponse<String> answer : List.of(create(base), read(base, location), create(base))) {
          assertThat(answer.statusCode()).isEqualTo(503);
          assertThat(answer.body()).isEqualTo(UNAVAILABLE);
          assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        }
        assertThat(health(base).statusCode()).isEqualTo(503);

        database.start();

        HttpResponse<String> after = awaitCreated(base);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        assertThat(read(base, location).body()).isEqualTo(before.body());
        assertThat(health(base).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void a_database_that_hangs_is_503_too_not_a_hung_request() throws Exception {
    try (StoppablePostgres database = StoppablePostgres.startedIn(work.resolve("pg"))) {
      try (CustomersServer server = CustomersServer.start(settings(database), CustomersServerTest.quiet())) {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        assertThat(create(base).statusCode()).isEqualTo(201);

        // At once, so the next request likely takes the same connection, unchecked, straight into the hang.
        database.signal("STOP");
        try {
          HttpResponse<String> answer = create(base);

          assertThat(answer.statusCode()).isEqualTo(503);
          assertThat(answer.body()).isEqualTo(UNAVAILABLE);
          assertThat(health(base).statusCode()).isEqualTo(503);
        } finally {
          database.signal("CONT");
        }

        assertThat(awaitCreated(base).statusCode()).isEqualTo(201);
      }
    }
  }

  @Test
  void two_servers_share_the_rate_limit_and_without_the_database_each_keeps_it_in_memory() throws Exception {
    int perSecond = 2;
    try (StoppablePostgres database = StoppablePostgres.startedIn(work.resolve("pg"))) {
      try (CustomersServer first = CustomersServer.start(settings(database, perSecond), CustomersServerTest.quiet());
          CustomersServer second = CustomersServer.start(settings(database, perSecond), CustomersServerTest.quiet())) {
        List<URI> servers = List.of(URI.create("http://127.0.0.1:" + first.port()),
            URI.create("http://127.0.0.1:" + second.port()));
        long start = System.nanoTime();
        int admitted = 0;
        for (int i = 0; i < 40; i++) {
          int status = read(servers.get(i % 2), "/api/admin/users/1/").statusCode();
          assertThat(status).isIn(404, 429);
          admitted += status == 404 ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Both servers together: one burst and what refilled meanwhile (each alone would admit as much).
        assertThat(admitted).isBetween(perSecond, (int) Math.ceil(perSecond + perSecond * seconds));

        database.stop();

        // At once: one by one, each waits out the pool's timeout, slower than the limit refills.
        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          reads.add(CLIENT.sendAsync(HttpRequest.newBuilder(servers.get(0).resolve("/api/admin/users/1/"))
              .timeout(BOUND).header("Authorization", "Bearer " + TOKEN).GET().build(), BodyHandlers.ofString()));
        }
        List<Integer> whileDown = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : reads) {
          whileDown.add(answer.get().statusCode());
        }
        assertThat(whileDown).as("limited in memory: a 429, or the read's own 503; never a 500")
            .containsOnly(429, 503).contains(429);

        database.start();
        assertThat(awaitCreated(servers.get(1)).statusCode()).isEqualTo(201);
      }
    }
  }

  private static ServerSettings settings(StoppablePostgres database) {
    return settings(database, 0);
  }

  private static ServerSettings settings(StoppablePostgres database, int requestsPerSecond) {
    return TestSettings.server().database(database.url(), database.user(), database.password())
        .requestsPerSecond(requestsPerSecond).token(TOKEN, "users:read", "users:write").build();
  }

  private static HttpResponse<String> create(URI base) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve("/api/admin/users/"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"email\": \"outage-" + EMAILS.incrementAndGet() + "@example.com\","
            + " \"tags\": [\"t\"], \"addresses\": [{\"country\": \"DE\", \"line1\": \"x\", \"line4\": \"y\"}]}")));
  }

  private static HttpResponse<String> read(URI base, String location) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(location)).header("Authorization", "Bearer " + TOKEN).GET());
  }

  private static HttpResponse<String> health(URI base) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve("/health")).GET());
  }

  /** Creates until one is stored: the pool finds the database again on its own, within the bound. */
  private static HttpResponse<String> awaitCreated(URI base) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos() * 2;
    HttpResponse<String> answer = create(base);
    while ((answer.statusCode() == 503 || answer.statusCode() == 429) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      answer = create(base);
    }
    return answer;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    // The timeout is the assertion that nothing hangs: past it, send throws and the test fails.
    return CLIENT.send(request.timeout(BOUND).build(), BodyHandlers.ofString());
  }
}
