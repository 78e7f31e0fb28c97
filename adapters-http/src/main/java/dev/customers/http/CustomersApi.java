package dev.customers.http;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.FindCustomer;
import dev.customers.http.RequestRejected.Reason;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP adapter: builds the Javalin app that answers the contract's operations from the use cases.
 *
 * <pre>{@code
 * Javalin app = CustomersApi.create(create, find, repository::isAvailable,
 *     ApiSettings.builder().token(token, "users:read", "users:write").build());
 * app.start("127.0.0.1", 8080);
 * }</pre>
 *
 * <p>Besides the two operations it serves {@code GET /health} (200 or 503, no token needed; 503 also from the moment
 * {@code app.stop()} is called, see {@link ApiSettings.Builder#shutdownDrain}) and
 * {@code GET /api/admin/openapi.json} (the OpenAPI 3.1 description of this API, no token needed), and, when the
 * settings have metrics, {@code GET /metrics} (a token with {@code admin:read}). On a known path,
 * HEAD answers as GET without a body, OPTIONS answers 204 with an {@code Allow} header, and any other method 405;
 * on the API paths these need a valid token first, as every request there does.
 *
 * <p>{@code app.stop()} stops gracefully: after the settings' drain (default none) it stops taking connections,
 * lets every request in flight finish with its real answer (up to 10 s), answers what still arrives on an open
 * connection and closes each connection after its response. An embedder closes the app first, then the repository.
 */
public final class CustomersApi {

  static final String HEALTH = "/health";
  static final String OPENAPI = "/api/admin/openapi.json";
  static final String METRICS = "/metrics";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  static final Set<String> READ_SCOPES = Set.of("users:read", "users:write", "admin:read", "admin:write");
  static final Set<String> WRITE_SCOPES = Set.of("users:write", "admin:write");
  static final Set<String> METRICS_SCOPES = Set.of("admin:read");
  private static final Set<String> ANY_TOKEN = Set.of();

  /** How long a stop waits for requests in flight before it closes their connections. */
  private static final long IN_FLIGHT_WAIT_MILLIS = 10_000;
  private static final int ACCEPT_QUEUE_SIZE = 1024;

  private CustomersApi() {}

  /** The app, not yet started; {@code databaseUp} answers the health check. */
  public static Javalin create(
      CreateCustomer create, FindCustomer find, BooleanSupplier databaseUp, ApiSettings settings) {
    Objects.requireNonNull(create, "create");
    Objects.requireNonNull(find, "find");
    Objects.requireNonNull(databaseUp, "databaseUp");
    Objects.requireNonNull(settings, "settings");

    Json json = new Json();
    Responses responses = new Responses(json);
    RequestChecks checks = new RequestChecks(settings);
    RequestBodies bodies = new RequestBodies(json, settings.maxBodyBytes(), settings.bodyTimeout());
    CustomerEndpoints customers = new CustomerEndpoints(create, find, bodies, responses);
    byte[] openApi = openApiDocument();
    AtomicBoolean serving = new AtomicBoolean();
    AtomicBoolean stopping = new AtomicBoolean();

    return Javalin.create(config -> {
      server(config, settings, responses);
      config.events.serverStarted(() -> serving.set(true));
      config.events.serverStopping(() -> drain(serving, stopping, settings));
      RoutesConfig routes = config.routes;
      routes.before(Responses::standardHeaders);

      Handler createHandler = checks.guard(WRITE_SCOPES, customers::create);
      Handler findHandler = checks.guard(READ_SCOPES, customers::find);
      path(routes, CustomerEndpoints.COLLECTION, Map.of(HandlerType.POST, createHandler),
          handler -> checks.guard(ANY_TOKEN, handler));
      path(routes, CustomerEndpoints.ITEM, Map.of(HandlerType.GET, findHandler, HandlerType.HEAD, findHandler),
          handler -> checks.guard(ANY_TOKEN, handler));

      Handler health = ctx -> {
        if (stopping.get()) {
          responses.json(ctx, 503, Map.of("status", "stopping"));
          return;
        }
        boolean up = databaseUp.getAsBoolean();
        responses.json(ctx, up ? 200 : 503, Map.of("status", up ? "ok" : "unavailable"));
      };
      path(routes, HEALTH, Map.of(HandlerType.GET, health, HandlerType.HEAD, health), handler -> handler);
      Handler openApiHandler = ctx -> ctx.status(200).contentType(Responses.JSON).result(openApi);
      path(routes, OPENAPI, Map.of(HandlerType.GET, openApiHandler, HandlerType.HEAD, openApiHandler),
          handler -> handler);

      settings.metricsExposition().ifPresent(exposition -> {
        Handler metrics = ctx -> ctx.status(200).contentType(PROMETHEUS_TEXT).result(exposition.get());
        path(routes, METRICS, Map.of(HandlerType.GET, checks.guard(METRICS_SCOPES, metrics),
            HandlerType.HEAD, checks.guard(METRICS_SCOPES, metrics)), handler -> checks.guard(ANY_TOKEN, handler));
      });

      routes.after(bodies::dropUnreadBody);
      new ErrorResponses(responses).install(routes);
      requestLog(config, settings);
    });
  }

  /**
   * Webhooks for {@code customer.created}: a listener, for an {@link dev.customers.domain.events.EventRelay}, that POSTs
   * each event to every URL at once as {@code {"api_version": "unstable", "event_id": ..., "event_type":
   * "customer.created", "object": "user", "data": <the User as GET answers it>}}, signed per Standard Webhooks
   * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) with {@code secret}:
   * {@code whsec_} and the base64 of at least 24 random bytes. Delivered when every URL answered 2xx within
   * 10 s; otherwise it throws and the relay tries every URL again later, under the same {@code webhook-id}.
   * A URL's user info ({@code https://user:password@host/...}) is sent as Basic authentication.
   *
   * @throws IllegalArgumentException for no URLs, a URL that is not absolute http or https, or a bad secret
   *     (the message shows neither)
   */
  public static CustomerCreatedListener webhooks(FindCustomer find, List<URI> urls, String secret) {
    return new Webhooks(find, urls, secret, Clock.systemUTC(), Webhooks.TIMEOUT);
  }

  /**
   * The first part of a stop, before Jetty's: {@code /health} says 503 so that a load balancer sends no more, while
   * everything else is served as usual (keep-alive included) for the drain time.
   */
  private static void drain(AtomicBoolean serving, AtomicBoolean stopping, ApiSettings settings) {
    stopping.set(true);
    if (!serving.get()) {
      return;
    }
    try {
      Thread.sleep(settings.shutdownDrain().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Once a request is answered: its metrics and its access-log line, when the settings ask for them. */
  private static void requestLog(JavalinConfig config, ApiSettings settings) {
    Optional<HttpMetrics> metrics = settings.metrics();
    Optional<AccessLog> accessLog = settings.accessLog();
    if (metrics.isEmpty() && accessLog.isEmpty()) {
      return;
    }
    config.requestLogger.http((ctx, millis) -> {
      int status = ctx.status().getCode();
      metrics.ifPresent(recorder -> recorder.record(ctx, HttpMetrics.route(ctx), status, millis));
      accessLog.ifPresent(log -> log.record(ctx, status, millis));
    });
  }

  /**
   * Registers {@code handlers} on {@code path}, plus OPTIONS (204 with {@code Allow}) and 405 for every other
   * method, each wrapped by {@code guard} so that they answer only whom the path admits.
   */
  private static void path(
      RoutesConfig routes, String path, Map<HandlerType, Handler> handlers, UnaryOperator<Handler> guard) {
    Set<String> allowed = new LinkedHashSet<>();
    for (HandlerType method : HandlerType.commonHttp()) {
      if (handlers.containsKey(method)) {
        allowed.add(method.name());
      }
    }
    allowed.add(HandlerType.OPTIONS.name());
    String allow = String.join(", ", allowed);

    for (HandlerType method : HandlerType.commonHttp()) {
      Handler handler = handlers.get(method);
      if (handler != null) {
        routes.addHttpHandler(method, path, handler);
      } else if (method.equals(HandlerType.OPTIONS)) {
        routes.addHttpHandler(method, path, guard.apply(ctx -> ctx.header("Allow", allow).status(204)));
      } else {
        routes.addHttpHandler(method, path, guard.apply(ctx -> {
          throw new RequestRejected(Reason.METHOD_NOT_ALLOWED, ctx.method().name(), allow);
        }));
      }
    }
  }

  /** Jetty and Javalin as this API wants them: quiet, no compression or ETags, errors as JSON, graceful stops. */
  private static void server(JavalinConfig config, ApiSettings settings, Responses responses) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.http.compressionStrategy = CompressionStrategy.NONE;
    config.http.generateEtags = false;
    config.jetty.modifyHttpConfiguration(http -> {
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      // Jetty reuses header values seen earlier on a connection, matched ignoring case by default: after
      // "Bearer ABC" it would read "Bearer abc" as "Bearer ABC". Tokens and request ids are case-sensitive.
      http.setHeaderCacheCaseSensitive(true);
    });
    // A stop lets requests in flight finish (up to IN_FLIGHT_WAIT_MILLIS) instead of cutting them off.
    config.jetty.modifyServer(server -> {
      server.setStopTimeout(IN_FLIGHT_WAIT_MILLIS);
      server.insertHandler(new InFlightRequests());
      server.setErrorHandler(new JettyErrors(responses));
      // Javalin's LowResourceMonitor cuts the idle timeout of every connection to 1 s when threads run short: in a
      // burst it resets connections whose requests wait in line, creates among them, and their clients cannot
      // tell whether the customer was stored. Slow clients are bounded by the body timeout instead.
      server.getBeans(LowResourceMonitor.class).forEach(server::removeBean);
      // The kernel queues connections the server has not accepted yet. Java's default queue of 50 overflows in a
      // burst, and Linux then resets connections whose clients have already sent their request. (The connector
      // exists only once the server starts.)
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
          for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
              serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
              // A connection waits at most this long for its peer: a body that stalls (Javalin then answers 408)
              // and an idle keep-alive connection alike. Set on the connector, not per request in the
              // HttpConfiguration: Jetty restores a per-request timeout when the response completes, which can
              // undo the 1 s a stop gives idle connections and make the stop wait out its whole drain time.
              serverConnector.setIdleTimeout(settings.bodyTimeout().toMillis());
            }
          }
        }
      });
    });
  }

  private static byte[] openApiDocument() {
    try (InputStream in = CustomersApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
