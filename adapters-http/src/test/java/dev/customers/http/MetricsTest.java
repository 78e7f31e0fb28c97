package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.testkit.InMemoryCustomerRepository;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: who may read it, and the series a dashboard reads, after requests of every outcome. */
class MetricsTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
      .throwExceptionOnRegistrationFailure();
  private final SwitchableRepository repository = new SwitchableRepository();

  @Test
  void counts_requests_by_route_template_method_and_status_with_a_latency_histogram() {
    try (RunningApi api = RunningApi.start(repository, () -> true,
        RunningApi.settings().metrics(registry, registry::scrape).build())) {
      String location = api.postJson("{\"email\": \"a@example.com\"}").headers().firstValue("Location").orElseThrow();
      api.get(location);
      api.get("/api/admin/users/999/");
      api.get("/api/admin/users/jane@example.com/");
      api.get("/no/such/path/7");

      String metrics = scrape(api, "http_server_requests_seconds_count", "method=\"GET\",status=\"404\",uri=\"NOT_FOUND\"", 1);

      eventually(registry::scrape, "http_server_requests_seconds_count",
          "method=\"GET\",status=\"200\",uri=\"/api/admin/users/{id}/\"", 1);
      eventually(registry::scrape, "http_server_requests_seconds_count",
          "method=\"GET\",status=\"404\",uri=\"/api/admin/users/{id}/\"", 2);
      eventually(registry::scrape, "http_server_requests_seconds_count",
          "method=\"POST\",status=\"201\",uri=\"/api/admin/users/\"", 1);
      eventually(registry::scrape, "http_server_requests_seconds_count",
          "method=\"GET\",status=\"404\",uri=\"NOT_FOUND\"", 1);
      eventually(registry::scrape, "http_server_requests_seconds_bucket",
          "method=\"POST\",status=\"201\",uri=\"/api/admin/users/\",le=\"+Inf\"", 1);
      metrics = scrape(api, "http_server_requests_seconds_count",
          "method=\"GET\",status=\"200\",uri=\"/api/admin/users/{id}/\"", 1);
      assertThat(metrics).contains("http_server_requests_seconds_bucket{method=\"GET\",status=\"200\","
              + "uri=\"/api/admin/users/{id}/\",le=\"0.25\"}")
          .doesNotContain("jane@example.com").doesNotContain("/no/such/path");
    }
  }

  @Test
  void counts_creates_and_refused_creates_by_reason() {
    try (RunningApi api = RunningApi.start(repository, () -> true,
        RunningApi.settings().metrics(registry, registry::scrape).build())) {
      api.postJson("{\"email\": \"a@example.com\"}");
      api.postJson("{\"email\": \"b@example.com\"}");
      api.postJson("{\"email\": \"A@example.com\"}");
      api.postJson("{\"email\": \"nope\"}");
      api.postJson("{\"email\": ");
      repository.down = true;
      api.postJson("{\"email\": \"c@example.com\"}");
      repository.down = false;

      String metrics = scrape(api, "customers_creates_refused_total", "reason=\"unavailable\"", 1);

      assertThat(value(metrics, "customers_creates_total", "")).isEqualTo(2);
      assertThat(value(metrics, "customers_creates_refused_total", "reason=\"email_taken\"")).isEqualTo(1);
      assertThat(value(metrics, "customers_creates_refused_total", "reason=\"invalid\"")).isEqualTo(2);
      assertThat(value(metrics, "customers_creates_refused_total", "reason=\"unavailable\"")).isEqualTo(1);
      assertThat(value(metrics, "customers_creates_refused_total", "reason=\"throttled\"")).isZero();
    }
  }

  @Test
  void counts_throttled_creates() {
    try (RunningApi api = RunningApi.start(repository, () -> true,
        RunningApi.settings().requestsPerSecond(1).metrics(registry, registry::scrape).build())) {
      api.postJson("{\"email\": \"a@example.com\"}");
      HttpResponse<String> throttled = api.postJson("{\"email\": \"b@example.com\"}");

      assertThat(throttled.statusCode()).isEqualTo(429);
      eventually(registry::scrape, "customers_creates_refused_total", "reason=\"throttled\"", 1);
      eventually(registry::scrape, "http_server_requests_seconds_count",
          "method=\"POST\",status=\"429\",uri=\"/api/admin/users/\"", 1);
    }
  }

  /**
   * Anyone, without a token, sends whatever methods and paths they like: the tags stay the standard methods or
   * OTHER and the route templates or NOT_FOUND, so neither the meters nor /metrics grow with what was sent.
   */
  @Test
  void stays_bounded_whatever_methods_and_paths_are_sent() throws Exception {
    try (RunningApi api = RunningApi.start(repository, () -> true,
        RunningApi.settings().metrics(registry, registry::scrape).build())) {
      pipelined(api, 100, 0);
      String before = scrape(api, "http_server_requests_seconds_count",
          "method=\"OTHER\",status=\"404\",uri=\"NOT_FOUND\"", 100);
      int metersBefore = registry.getMeters().size();

      pipelined(api, 10_000, 100);

      String after = scrape(api, "http_server_requests_seconds_count",
          "method=\"OTHER\",status=\"404\",uri=\"NOT_FOUND\"", 10_100);
      assertThat(registry.getMeters().size()).isEqualTo(metersBefore);
      // The same series, only their values changed (and one more scrape counted).
      assertThat(after.length()).isLessThan(before.length() + 2_000);
      assertThat(after).doesNotContain("M00").doesNotContain("/x00");
    }
  }

  /**
   * {@code count} requests on one kept-alive connection, none with a token: half to unknown paths, half to the
   * item path, each with a method of its own ({@code M00123}); answers read to the last.
   */
  private static void pipelined(RunningApi api, int count, int first) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.uri("/").getPort())) {
      socket.setSoTimeout(20_000);
      Thread writer = new Thread(() -> {
        try {
          java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream());
          for (int i = first; i < first + count; i++) {
            String path = i % 2 == 0 ? "/x" + String.format("%05d", i) : "/api/admin/users/" + i + "/";
            out.write(("M" + String.format("%05d", i) + " " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          }
          out.flush();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
      int answers = 0;
      String line;
      while (answers < count && (line = in.readLine()) != null) {
        // A JSON body ends without a newline: the next status line follows on its line.
        if (line.contains("HTTP/1.1 ")) {
          answers++;
        }
      }
      writer.join();
      assertThat(answers).isEqualTo(count);
    }
  }

  @Test
  void needs_a_token_with_admin_read() {
    try (RunningApi api = RunningApi.start(repository, () -> true,
        RunningApi.settings().metrics(registry, registry::scrape).build())) {
      HttpResponse<String> none = api.send(api.bare("/metrics").GET());
      HttpResponse<String> wrong = api.send(api.bare("/metrics").header("Authorization", "Bearer wrong").GET());
      HttpResponse<String> writer = api.get("/metrics");
      HttpResponse<String> admin = api.send(adminRequest(api));

      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(RunningApi.body(none)).containsEntry("detail", "Authentication credentials were not provided.");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(RunningApi.body(wrong)).containsEntry("detail", "Incorrect authentication credentials.");
      assertThat(writer.statusCode()).isEqualTo(403);
      assertThat(RunningApi.body(writer)).containsEntry("detail", "You do not have permission to perform this action.");
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(admin.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }
  }

  @Test
  void is_not_served_without_metrics_in_the_settings() {
    try (RunningApi api = RunningApi.start(repository)) {
      assertThat(api.send(adminRequest(api)).statusCode()).isEqualTo(404);
    }
  }

  private static java.net.http.HttpRequest.Builder adminRequest(RunningApi api) {
    return api.bare("/metrics").header("Authorization", "Bearer " + RunningApi.ADMIN_READER).GET();
  }

  /**
   * {@code /metrics} once it shows {@code expected} for the series (a request is counted once its answer is sent,
   * so a scrape right after may come first); the requests before that one were counted before it.
   */
  private static String scrape(RunningApi api, String name, String labels, double expected) {
    return eventually(() -> {
      HttpResponse<String> response = api.send(adminRequest(api));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    }, name, labels, expected);
  }

  private static String eventually(Supplier<String> scrape, String name, String labels, double expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String metrics = scrape.get();
    while (!has(metrics, name, labels, expected) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      metrics = scrape.get();
    }
    assertThat(value(metrics, name, labels)).as(name + "{" + labels + "}").isEqualTo(expected);
    return metrics;
  }

  /** Whether the series is there with that value yet: a request is counted just after its answer is sent. */
  private static boolean has(String exposition, String name, String labels, double expected) {
    Matcher found = series(name, labels).matcher(exposition);
    return found.find() && Double.parseDouble(found.group(1)) == expected;
  }

  private static Pattern series(String name, String labels) {
    return Pattern.compile("(?m)^" + Pattern.quote(name)
        + (labels.isEmpty() ? "" : "\\{" + Pattern.quote(labels) + "[,}]") + "[^\\n]* ([0-9.eE+-]+)$");
  }

  /** The value of one series, found by its name and labels as Prometheus prints them (sorted by name). */
  static double value(String exposition, String name, String labels) {
    Matcher found = series(name, labels).matcher(exposition);
    assertThat(found.find()).as(name + "{" + labels + "} in\n" + exposition).isTrue();
    return Double.parseDouble(found.group(1));
  }

  /** In memory, or down: a database that cannot be reached. */
  private static final class SwitchableRepository implements CustomerRepository {
    private final InMemoryCustomerRepository stored = new InMemoryCustomerRepository();
    volatile boolean down;

    private <T> T unlessDown(Supplier<T> call) {
      if (down) {
        throw new StorageUnavailableException("down", new RuntimeException("refused"));
      }
      return call.get();
    }

    @Override
    public SaveResult save(Customer customer) {
      return unlessDown(() -> stored.save(customer));
    }

    @Override
    public SaveResult save(Customer customer, KeyedRequest request) {
      return unlessDown(() -> stored.save(customer, request));
    }

    @Override
    public int deleteExpiredKeys(Instant now, int max) {
      return unlessDown(() -> stored.deleteExpiredKeys(now, max));
    }

    @Override
    public Optional<Customer> findById(CustomerId id) {
      return unlessDown(() -> stored.findById(id));
    }

    @Override
    public boolean emailTaken(String email) {
      return unlessDown(() -> stored.emailTaken(email));
    }
  }
}
