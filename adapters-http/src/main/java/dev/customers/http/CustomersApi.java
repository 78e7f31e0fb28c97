package dev.customers.http;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.CustomerCreatedListener;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The HTTP adapter: the contract's operations answered from the use cases, either as a whole server
 * ({@link #create}) or as a plugin that a host mounts into its own Javalin app ({@link CustomersPlugin}).
 *
 * <pre>{@code
 * Javalin app = CustomersApi.create(create, find, repository::isAvailable,
 *     ApiSettings.builder().token(token, "users:read", "users:write").build());
 * app.start("127.0.0.1", 8080);
 * }</pre>
 *
 * <p>Both answer {@code POST <base>/users/}, {@code GET <base>/users/{id}/} and {@code GET <base>/openapi.json}
 * (the OpenAPI 3.1 description of this API, no token needed), the base path being {@value #DEFAULT_BASE_PATH}
 * for the server and by default for the plugin. On a known path, HEAD answers as GET without a
 * body, OPTIONS answers 204 with an {@code Allow} header, and any other method 405; on the operations' paths these
 * need a valid token first, as every request there does. The server also serves {@code GET /health} (200 or 503,
 * no token needed; 503 also from the moment {@code app.stop()} is called, see
 * {@link ApiSettings.Builder#shutdownDrain}) and, when the settings have metrics, {@code GET /metrics} (a token with
 * {@code admin:read}).
 *
 * <p>The server's {@code app.stop()} stops gracefully: after the settings' drain (default none) it stops taking
 * connections, lets every request in flight finish with its real answer (up to 10 s), answers what still arrives
 * on an open connection and closes each connection after its response. An embedder closes the app first, then the
 * repository.
 */
public final class CustomersApi {

  /** Where the operations answer unless a host mounts them elsewhere: {@code POST /api/admin/users/}. */
  public static final String DEFAULT_BASE_PATH = "/api/admin";

  static final String HEALTH = "/health";
  static final String METRICS = "/metrics";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  static final Set<String> METRICS_SCOPES = Set.of("admin:read");

  private CustomersApi() {}

  /**
   * The whole server, not yet started: {@link CustomersPlugin the API's paths} at {@value #DEFAULT_BASE_PATH}, plus
   * {@code GET /health} ({@code databaseUp} answers it), {@code GET /metrics} when the settings have metrics, this
   * API's JSON errors and headers on every path (a 404 included), and Jetty tuned for it: an accept queue of 1,024,
   * the body timeout as the connections' idle timeout, JSON for what Jetty refuses itself, and a stop that lets
   * requests in flight finish (up to 10 s).
   */
  public static Javalin create(
      CreateCustomer create, FindCustomer find, BooleanSupplier databaseUp, ApiSettings settings) {
    Objects.requireNonNull(create, "create");
    Objects.requireNonNull(find, "find");
    Objects.requireNonNull(databaseUp, "databaseUp");
    Objects.requireNonNull(settings, "settings");

    CustomersPlugin customers = new CustomersPlugin(config -> {
      config.create = create;
      config.find = find;
      config.settings = settings;
    }, true);
    Responses responses = customers.responses();
    GracefulStop stop = new GracefulStop(settings.shutdownDrain(), settings.shutdownQuiet());

    return Javalin.create(config -> {
      JettyTuning.apply(config, settings, responses, stop);
      config.events.serverStarted(stop::serving);
      config.events.serverStopping(stop::stop);
      config.registerPlugin(customers);
      RoutesConfig routes = config.routes;

      Handler health = ctx -> {
        if (stop.stopping()) {
          responses.json(ctx, 503, Map.of("status", "stopping"));
          return;
        }
        boolean up = databaseUp.getAsBoolean();
        responses.json(ctx, up ? 200 : 503, Map.of("status", up ? "ok" : "unavailable"));
      };
      customers.serve(routes, HEALTH, Map.of(HandlerType.GET, health, HandlerType.HEAD, health), handler -> handler);

      settings.metricsExposition().ifPresent(exposition -> {
        Handler metrics = customers.guard(METRICS_SCOPES,
            ctx -> ctx.status(200).contentType(PROMETHEUS_TEXT).result(exposition.get()));
        customers.serve(routes, METRICS, Map.of(HandlerType.GET, metrics, HandlerType.HEAD, metrics),
            customers.guarded());
      });

      // What no route answers, anywhere on the server: a 404 in this API's shape.
      customers.errors().install(routes);
    });
  }

  /**
   * Webhooks for {@code customer.created}: a listener, for an {@link dev.customers.domain.events.EventRelay}, that
   * POSTs each event to every URL at once as {@code {"api_version": "unstable", "event_id": ..., "event_type":
   * "customer.created", "object": "user", "data": <the User as GET answers it>}}, signed per Standard Webhooks
   * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) with {@code secret}:
   * {@code whsec_} followed by the base64 of at least 24 random bytes. Delivered when every URL answered 2xx within
   * 10 s; otherwise it throws and the relay tries every URL again later, under the same {@code webhook-id}.
   * A URL's user info ({@code https://user:password@host/...}) is sent as Basic authentication.
   *
   * @throws IllegalArgumentException for no URLs, a URL that is not absolute http or https, or a bad secret; the
   *     message says which rule was broken (a URL by its position) and shows neither
   */
  public static CustomerCreatedListener webhooks(FindCustomer find, List<URI> urls, String secret) {
    return new Webhooks(find, urls, secret, Clock.systemUTC(), Webhooks.TIMEOUT);
  }
}
