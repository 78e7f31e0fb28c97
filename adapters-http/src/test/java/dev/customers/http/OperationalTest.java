package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.testkit.Customers;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Health, the OpenAPI document, and what failures of the storage look like. */
class OperationalTest {

  /** A storage that fails the way a test asks: down, or broken. */
  private static final class FailingRepository implements CustomerRepository {
    private final RuntimeException failure;

    FailingRepository(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public SaveResult save(Customer customer) {
      throw failure;
    }

    @Override
    public SaveResult save(Customer customer, KeyedRequest request) {
      throw failure;
    }

    @Override
    public int deleteExpiredKeys(Instant now, int max) {
      throw failure;
    }

    @Override
    public Optional<Customer> findById(CustomerId id) {
      throw failure;
    }

    @Override
    public boolean emailTaken(String email) {
      throw failure;
    }
  }

  @Test
  void health_follows_the_database() {
    AtomicBoolean up = new AtomicBoolean(true);
    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository(), up::get, RunningApi.settings().build())) {
      HttpResponse<String> healthy = api.send(api.bare("/health").GET());
      up.set(false);
      HttpResponse<String> unhealthy = api.send(api.bare("/health").GET());

      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(body(healthy)).isEqualTo(Map.of("status", "ok"));
      assertThat(unhealthy.statusCode()).isEqualTo(503);
      assertThat(body(unhealthy)).isEqualTo(Map.of("status", "unavailable"));
      assertThat(unhealthy.headers().firstValue("X-29next-API-Version")).hasValue("unstable");
    }
  }

  @Test
  void the_openapi_document_describes_what_this_server_implements() {
    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository())) {
      HttpResponse<String> response = api.send(api.bare("/api/admin/openapi.json").GET());
      HttpResponse<String> created = api.postJson("{\"email\": \"spec@example.com\", \"addresses\": "
          + "[{\"country\": \"DE\", \"line1\": \"x\", \"line4\": \"y\"}]}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
      Map<String, Object> spec = body(response);
      assertThat(spec.get("openapi")).isEqualTo("3.1.0");
      Map<String, Map<String, Map<String, Object>>> paths = cast(spec.get("paths"));
      assertThat(paths).containsOnlyKeys("/users/", "/users/{id}/");
      assertThat(paths.get("/users/")).containsOnlyKeys("post");
      assertThat(paths.get("/users/{id}/")).containsOnlyKeys("get");
      Map<String, Object> createResponses = cast(paths.get("/users/").get("post").get("responses"));
      assertThat(createResponses).containsKeys("201", "400", "401", "403", "413", "415", "429", "500", "503");
      Map<String, Object> findResponses = cast(paths.get("/users/{id}/").get("get").get("responses"));
      assertThat(findResponses).containsKeys("200", "400", "401", "403", "404", "429", "500", "503");
      Map<String, Map<String, Object>> components = cast(spec.get("components"));
      assertThat(components.get("securitySchemes")).containsKey("bearerAuth");
      Map<String, Map<String, Object>> schemas = cast(components.get("schemas"));
      Map<String, Object> user = body(created);
      assertThat(OperationalTest.<Map<String, Object>>cast(schemas.get("User").get("properties")).keySet()).isEqualTo(user.keySet());
      Map<String, Object> address = OperationalTest.<Map<String, Object>>cast(((List<?>) user.get("addresses")).get(0));
      assertThat(OperationalTest.<Map<String, Object>>cast(schemas.get("UserAddress").get("properties")).keySet()).isEqualTo(address.keySet());
      Map<String, Object> webhooks = cast(spec.get("webhooks"));
      assertThat(webhooks).containsOnlyKeys("customer.created");
      Customer stored = Customers.aCustomer().build().withId(CustomerId.of(1));
      assertThat(OperationalTest.<Map<String, Object>>cast(schemas.get("CustomerCreatedEvent").get("properties")).keySet())
          .isEqualTo(Webhooks.body(CustomerCreated.of(stored), stored).keySet());
    }
  }

  @Test
  void unavailable_storage_is_503_with_retry_after() {
    try (RunningApi api = RunningApi.start(
        new FailingRepository(new StorageUnavailableException("no connection", new RuntimeException("refused"))))) {
      HttpResponse<String> created = api.postJson("{\"email\": \"down@example.com\"}");
      HttpResponse<String> read = api.get("/api/admin/users/1/");

      for (HttpResponse<String> response : List.of(created, read)) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(body(response)).isEqualTo(Map.of("detail", "Service temporarily unavailable."));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      }
    }
  }

  @Test
  void an_unexpected_failure_is_500_without_details_and_logged_with_the_request_id() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (RunningApi api = RunningApi.start(new FailingRepository(new IllegalStateException("disk on fire")))) {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      HttpResponse<String> response = api.send(api.request("/api/admin/users/").header("X-Request-Id", "trace-500")
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\": \"secret-person@example.com\"}")));

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(body(response)).isEqualTo(Map.of("detail", "A server error occurred."));
      assertThat(response.body()).doesNotContain("disk on fire", "Exception");
      assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-500");
    } finally {
      System.setErr(originalErr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("trace-500", "disk on fire")
        .doesNotContain(RunningApi.WRITER, "secret-person@example.com");
  }

  @Test
  void a_stop_lets_requests_in_flight_finish() throws Exception {
    CountDownLatch saving = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InMemoryCustomerRepository memory = new InMemoryCustomerRepository();
    CustomerRepository slow = new CustomerRepository() {
      @Override
      public SaveResult save(Customer customer) {
        saving.countDown();
        await(release);
        return memory.save(customer);
      }

      @Override
      public SaveResult save(Customer customer, KeyedRequest request) {
        throw new UnsupportedOperationException("this test sends no key");
      }

      @Override
      public int deleteExpiredKeys(Instant now, int max) {
        return memory.deleteExpiredKeys(now, max);
      }

      @Override
      public Optional<Customer> findById(CustomerId id) {
        return memory.findById(id);
      }

      @Override
      public boolean emailTaken(String email) {
        return memory.emailTaken(email);
      }
    };
    RunningApi api = RunningApi.start(slow);
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(() -> api.postJson("{\"email\": \"slow@example.com\"}"));
    assertThat(saving.await(20, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(api::close);
    while (!api.stopping() && !stopped.isDone()) {
      Thread.onSpinWait();
    }
    release.countDown();

    assertThat(inFlight.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    stopped.get(20, TimeUnit.SECONDS);
    assertThat(memory.size()).isEqualTo(1);
  }

  @Test
  void a_stop_answers_the_next_request_of_a_client_it_answered_just_before_within_the_quiet_period()
      throws Exception {
    RunningApi api = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
        RunningApi.settings().shutdownQuiet(Duration.ofMillis(1_600)).build());
    assertThat(api.get("/health").statusCode()).isEqualTo(200);

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(api::close);
    while (!api.stopping()) {
      Thread.onSpinWait();
    }
    // Idle for longer than Jetty's own shutdown idle timeout of 1 s, within the quiet period.
    Thread.sleep(1_200);
    HttpResponse<String> next = api.get("/health");

    // Served on the connection kept alive from the first answer: a 503 that says the server is stopping.
    assertThat(next.statusCode()).isEqualTo(503);
    stopped.get(20, TimeUnit.SECONDS);
  }

  @Test
  void a_stops_quiet_period_is_two_seconds_unless_set_and_never_negative() {
    assertThat(ApiSettings.builder().build().shutdownQuiet()).isEqualTo(ApiSettings.DEFAULT_SHUTDOWN_QUIET)
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> ApiSettings.builder().shutdownQuiet(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shutdownQuiet is 0 or more, got PT-0.001S");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void settings_never_show_their_tokens() {
    ApiSettings settings = ApiSettings.builder().token("very-secret", Set.of("users:read")).build();

    assertThat(settings.toString()).doesNotContain("very-secret").contains("tokens=1");
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
