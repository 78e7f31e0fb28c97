package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.testkit.InMemoryCustomerRepository;
import io.javalin.Javalin;
import io.javalin.plugin.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin in a host's Javalin app with routes, a before filter, an exception handler and a 404 of its own: the
 * API answers on its paths as the server does, the host's paths answer as the host says.
 */
class HostAppTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
  private final AtomicInteger hostNotFounds = new AtomicInteger();
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  /** A host app: its routes, filter, exception handler and 404, and the plugin at its default base path. */
  private void startHost() {
    startHost(CustomersApi.DEFAULT_BASE_PATH);
  }

  /** A host app: its routes, filter, exception handler and 404, and the plugin at {@code basePath}. */
  private void startHost(String basePath) {
    startHost(repository -> new CustomersPlugin(customers -> {
      customers.create = new CreateCustomer(repository, Clock.systemUTC());
      customers.find = new FindCustomer(repository);
      customers.settings = settings();
      customers.basePath = basePath;
    }));
  }

  private ApiSettings settings() {
    return RunningApi.settings()
        .accessLog(new PrintStream(accessLog, true, StandardCharsets.UTF_8), ApiSettings.LogFormat.PLAIN).build();
  }

  private void startHost(Function<InMemoryCustomerRepository, Plugin<?>> customers) {
    InMemoryCustomerRepository repository = new InMemoryCustomerRepository();
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.before(ctx -> ctx.header("X-Host", "shop"));
      config.routes.get("/orders", ctx -> ctx.contentType("text/plain").result("no orders"));
      config.routes.get("/boom", ctx -> {
        throw new IllegalStateException("the host's own failure");
      });
      config.routes.exception(Exception.class, (failure, ctx) ->
          ctx.status(500).contentType("text/plain").result("host handled: " + failure.getMessage()));
      config.routes.error(404, ctx -> {
        hostNotFounds.incrementAndGet();
        ctx.contentType("text/plain").result("host 404");
      });
      config.registerPlugin(customers.apply(repository));
    });
    app.start("127.0.0.1", 0);
  }

  @Test
  void the_api_answers_on_its_default_base_path_as_the_server_does() {
    startHost();

    HttpResponse<String> created = postJson("/api/admin/users/", "{\"email\": \"host@example.com\"}");
    String location = created.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> read = send(authorized(location).GET());

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(location).matches("/api/admin/users/[0-9]+/");
    assertThat(created.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(body(read).get("email")).isEqualTo("host@example.com");
  }

  @Test
  void refusals_on_the_api_are_its_own_json_not_the_hosts() {
    startHost();

    HttpResponse<String> invalid = postJson("/api/admin/users/", "{\"first_name\": \"Jane\"}");
    HttpResponse<String> noToken = send(bare("/api/admin/users/").header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"email\": \"x@example.com\"}")));
    HttpResponse<String> wrongScope = send(bare("/api/admin/users/").header("Authorization", "Bearer "
        + RunningApi.READER).header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}")));
    HttpResponse<String> unknownCustomer = send(authorized("/api/admin/users/999/").GET());
    HttpResponse<String> unknownPath = send(authorized("/api/admin/customers/").GET());
    HttpResponse<String> wrongMethod = send(authorized("/api/admin/users/").DELETE());

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(body(invalid)).isEqualTo(Map.of("email", List.of("This field is required.")));
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(body(noToken)).isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(wrongScope.statusCode()).isEqualTo(403);
    for (HttpResponse<String> notFound : List.of(unknownCustomer, unknownPath)) {
      assertThat(notFound.statusCode()).isEqualTo(404);
      assertThat(body(notFound)).isEqualTo(Map.of("detail", "Not found."));
    }
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(hostNotFounds).as("the host's error(404) handler never ran on the API's paths").hasValue(0);
  }

  @Test
  void the_hosts_routes_404_and_failures_stay_the_hosts() {
    startHost();

    HttpResponse<String> orders = send(bare("/orders").GET());
    HttpResponse<String> unknown = send(bare("/nowhere").GET());
    HttpResponse<String> failure = send(bare("/boom").GET());
    HttpResponse<String> health = send(bare("/health").GET());

    assertThat(orders.statusCode()).isEqualTo(200);
    assertThat(orders.body()).isEqualTo("no orders");
    assertThat(orders.headers().firstValue("X-Host")).hasValue("shop");
    assertThat(orders.headers().firstValue("X-Request-Id")).isEmpty();
    assertThat(orders.headers().firstValue("Cache-Control")).isEmpty();
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("host 404");
    assertThat(hostNotFounds).hasValue(2);
    assertThat(failure.statusCode()).isEqualTo(500);
    assertThat(failure.body()).isEqualTo("host handled: the host's own failure");
    assertThat(health.statusCode()).as("health is the host's to serve").isEqualTo(404);
    assertThat(health.body()).isEqualTo("host 404");
  }

  @Test
  void the_access_log_has_the_apis_requests_only() throws InterruptedException {
    startHost();

    send(authorized("/api/admin/users/1/").GET());
    send(bare("/orders").GET());
    send(authorized("/api/admin/users/2/").GET());

    // A request is logged after its answer is sent: wait for the last one's line.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!logged().contains("/api/admin/users/2/") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(logged()).contains(" access GET /api/admin/users/1/ 404 ", " access GET /api/admin/users/2/ 404 ")
        .doesNotContain("/orders");
  }

  private String logged() {
    return accessLog.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_base_path_of_the_hosts_choosing_moves_every_path_of_the_api() {
    startHost("/shop/admin");

    HttpResponse<String> created = postJson("/shop/admin/users/", "{\"email\": \"moved@example.com\"}");
    HttpResponse<String> read = send(authorized(created.headers().firstValue("Location").orElseThrow()).GET());
    HttpResponse<String> unknown = send(authorized("/shop/admin/nowhere/").GET());
    HttpResponse<String> oldPath = postJson("/api/admin/users/", "{\"email\": \"old@example.com\"}");
    HttpResponse<String> openApi = send(bare("/shop/admin/openapi.json").GET());

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).matches("/shop/admin/users/[0-9]+/"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(body(unknown)).isEqualTo(Map.of("detail", "Not found."));
    assertThat(oldPath.statusCode()).isEqualTo(404);
    assertThat(oldPath.body()).isEqualTo("host 404");
    assertThat(openApi.statusCode()).isEqualTo(200);
    assertThat(body(openApi).get("servers")).isEqualTo(List.of(Map.of("url", "/shop/admin")));
  }

  @Test
  void a_path_that_only_starts_like_the_base_path_is_the_hosts() {
    startHost();

    HttpResponse<String> response = send(bare("/api/administrators").GET());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("host 404");
  }

  @Test
  void without_a_base_path_the_plugin_answers_where_the_server_does() {
    startHost(repository -> new CustomersPlugin(customers -> {
      customers.create = new CreateCustomer(repository, Clock.systemUTC());
      customers.find = new FindCustomer(repository);
      customers.settings = settings();
    }));

    HttpResponse<String> created = postJson("/api/admin/users/", "{\"email\": \"default@example.com\"}");

    assertThat(CustomersApi.DEFAULT_BASE_PATH).isEqualTo("/api/admin");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).startsWith("/api/admin/users/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "api/admin", "/api/admin/", "/api//admin", "/users/{id}", "/api/*", "/..",
      "/api admin"})
  void a_base_path_is_plain_segments(String basePath) {
    InMemoryCustomerRepository repository = new InMemoryCustomerRepository();
    CreateCustomer create = new CreateCustomer(repository, Clock.systemUTC());
    FindCustomer find = new FindCustomer(repository);
    ApiSettings settings = settings();

    assertThatThrownBy(() -> new CustomersPlugin(customers -> {
      customers.create = create;
      customers.find = find;
      customers.settings = settings;
      customers.basePath = basePath;
    })).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_use_cases_and_settings_must_be_set() {
    InMemoryCustomerRepository repository = new InMemoryCustomerRepository();
    CreateCustomer create = new CreateCustomer(repository, Clock.systemUTC());
    FindCustomer find = new FindCustomer(repository);

    assertThatThrownBy(() -> new CustomersPlugin(customers -> {
      customers.create = create;
      customers.find = find;
    })).isInstanceOf(NullPointerException.class).hasMessageContaining("settings");
    assertThatThrownBy(() -> new CustomersPlugin(customers -> {
      customers.find = find;
      customers.settings = settings();
    })).isInstanceOf(NullPointerException.class).hasMessageContaining("create");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  private HttpRequest.Builder bare(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
  }

  private HttpRequest.Builder authorized(String path) {
    return bare(path).header("Authorization", "Bearer " + RunningApi.WRITER);
  }

  private HttpResponse<String> postJson(String path, String json) {
    return send(authorized(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
