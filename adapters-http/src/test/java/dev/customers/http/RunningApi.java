package dev.customers.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customers.domain.CreateCustomer;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.FindCustomer;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The adapter on a random local port, and a small client for it. */
final class RunningApi implements AutoCloseable {

  static final String WRITER = "writer-token";
  static final String READER = "reader-token";
  static final String ADMIN_READER = "admin-reader-token";
  static final String NO_SCOPES = "scopeless-token";
  static final Instant NOW = Instant.parse("2026-11-27T04:10:41.402802Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Javalin app;
  private final URI base;

  private RunningApi(Javalin app) {
    this.app = app;
    this.base = URI.create("http://127.0.0.1:" + app.port());
  }

  /**
   * Every token above, no rate limit and no limit of refusals per client address: every test's client is
   * 127.0.0.1, and many refuse on purpose (RefusalLimitTest sets the limit it tests).
   */
  static ApiSettings.Builder settings() {
    return ApiSettings.builder()
        .token(WRITER, "users:read", "users:write")
        .token(READER, "users:read")
        .token(ADMIN_READER, "admin:read")
        .token(NO_SCOPES)
        .requestsPerSecond(0)
        .refusalsPerSecond(0)
        // No client of these tests sends on a kept-alive connection while its test stops the app.
        .shutdownQuiet(Duration.ofMillis(100));
  }

  static RunningApi start(CustomerRepository repository) {
    return start(repository, () -> true, settings().build());
  }

  static RunningApi start(CustomerRepository repository, BooleanSupplier databaseUp, ApiSettings settings) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Javalin app = CustomersApi.create(
        new CreateCustomer(repository, clock), new FindCustomer(repository), databaseUp, settings);
    app.start("127.0.0.1", 0);
    return new RunningApi(app);
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  /** A request with the writer's token and the version header, as a well-behaved client sends it. */
  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + WRITER)
        .header("X-29next-API-Version", "unstable");
  }

  HttpRequest.Builder bare(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
  }

  HttpResponse<String> postJson(String json) {
    return send(request("/api/admin/users/").header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json)));
  }

  HttpResponse<String> post(String contentType, BodyPublisher body) {
    return send(request("/api/admin/users/").header("Content-Type", contentType).POST(body));
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> body(HttpResponse<String> response) {
    try {
      return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Not a JSON object: " + response.body(), e);
    }
  }

  static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether a stop has begun (and, during a graceful stop, not yet finished): its port is closed, which the whole
   * app's stop does after its drain and before Jetty's own stop, or Jetty is stopping.
   */
  boolean stopping() {
    Server server = app.jettyServer().server();
    return server.isStopping() || Arrays.stream(server.getConnectors())
        .anyMatch(connector -> connector instanceof ServerConnector own && !own.isOpen());
  }

  @Override
  public void close() {
    app.stop();
  }
}
