package dev.customers.http;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.CustomerCreatedListener;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.plugin.Plugin;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP adapter: the contract's operations answered from the use cases, either as a whole server
 * ({@link #create}) or as a plugin that a host mounts into its own Javalin app
 * ({@link #plugin(CreateCustomer, FindCustomer, ApiSettings, String) plugin}).
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

  /** What {@link #webhooks} takes as a secret, in words. */
  public static final String WEBHOOK_SECRET_RULE = Webhooks.SECRET_RULE;

  /** What {@link #webhooks} takes as a URL, in words. */
  public static final String WEBHOOK_URL_RULE = Webhooks.URL_RULE;

  static final String HEALTH = "/health";
  static final String METRICS = "/metrics";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  static final Set<String> METRICS_SCOPES = Set.of("admin:read");

  /** How long a stop waits for requests in flight before it closes their connections. */
  private static final long IN_FLIGHT_WAIT_MILLIS = 10_000;
  private static final int ACCEPT_QUEUE_SIZE = 1024;

  private CustomersApi() {}

  /**
   * The whole server, not yet started: {@link #plugin(CreateCustomer, FindCustomer, ApiSettings, String) the API's
   * paths} at {@value #DEFAULT_BASE_PATH}, plus {@code GET /health} ({@code databaseUp} answers it),
   * {@code GET /metrics} when the settings have metrics, this API's JSON errors and headers on every path (a 404
   * included), and Jetty tuned for it: an accept queue of 1,024, the body timeout as the connections' idle timeout,
   * JSON for what Jetty refuses itself, and a stop that lets requests in flight finish (up to 10 s).
   */
  public static Javalin create(
      CreateCustomer create, FindCustomer find, BooleanSupplier databaseUp, ApiSettings settings) {
    Objects.requireNonNull(create, "create");
    Objects.requireNonNull(find, "find");
    Objects.requireNonNull(databaseUp, "databaseUp");
    Objects.requireNonNull(settings, "settings");

    CustomersPlugin customers = new CustomersPlugin(create, find, settings, DEFAULT_BASE_PATH, true);
    Responses responses = customers.responses();
    AtomicBoolean serving = new AtomicBoolean();
    AtomicBoolean stopping = new AtomicBoolean();
    InFlightRequests inFlight = new InFlightRequests();
    AtomicReference<ClosablePortConnector> connector = new AtomicReference<>();

    return Javalin.create(config -> {
      server(config, settings, responses, inFlight, connector);
      config.events.serverStarted(() -> serving.set(true));
      config.events.serverStopping(() -> {
        drain(serving, stopping, settings);
        closePort(serving, connector.get(), inFlight);
      });
      config.registerPlugin(customers);
      RoutesConfig routes = config.routes;

      Handler health = ctx -> {
        if (stopping.get()) {
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

  /** As {@link #plugin(CreateCustomer, FindCustomer, ApiSettings, String)} at {@value #DEFAULT_BASE_PATH}. */
  public static Plugin<Void> plugin(CreateCustomer create, FindCustomer find, ApiSettings settings) {
    return plugin(create, find, settings, DEFAULT_BASE_PATH);
  }

  /**
   * The API's paths as a Javalin plugin, for a host's own app: {@code POST <basePath>/users/},
   * {@code GET}/{@code HEAD <basePath>/users/{id}/} and {@code GET <basePath>/openapi.json}, next to the host's
   * routes.
   *
   * <pre>{@code
   * Javalin app = Javalin.create(config -> {
   *   config.routes.get("/orders", ctx -> ctx.json(orders));                  // the host's own routes
   *   config.registerPlugin(CustomersApi.plugin(
   *       new CreateCustomer(repository, Clock.systemUTC()),
   *       new FindCustomer(repository),
   *       ApiSettings.builder().token(token, "users:read", "users:write").build(),
   *       "/shop/admin"));                                                      // or leave out: /api/admin
   * });
   * }</pre>
   *
   * <p>Every path under the base path is this API's: there its tokens, scopes, rate limit, body limits, headers
   * ({@code X-Request-Id}...), JSON error bodies (a 404 for an unknown path included), metrics and access log
   * apply, and the host's {@code error(status, ...)} handlers do not run. Every other path is the host's alone:
   * none of that touches it, and this API registers no app-wide exception or error handler, so the host's stay
   * as they were. Set {@link ApiSettings.Builder#metrics} or {@link ApiSettings.Builder#accessLog} to count or log
   * this API's requests; {@code /health} and {@code /metrics} are not served, they are the host's to serve.
   *
   * <p>What the server ({@link #create}) adds on top stays the host's business too: its Jetty (thread pool, accept
   * queue, idle timeout, graceful stop, error pages for requests Jetty refuses itself) is left as the host set it.
   * One Jetty setting is changed, because the tokens depend on it: header values are read case-sensitively
   * ({@code HttpConfiguration.setHeaderCacheCaseSensitive}), which only makes Jetty read headers exactly as sent.
   * A body that stalls is refused after {@link ApiSettings#bodyTimeout()}, each read waiting at most the host's
   * idle timeout. Register it once per app.
   *
   * @param basePath one or more path segments of letters, digits and {@code . _ ~ -}, without a trailing slash,
   *     e.g. {@code /shop/admin}
   * @throws IllegalArgumentException for a base path of another form
   */
  public static Plugin<Void> plugin(CreateCustomer create, FindCustomer find, ApiSettings settings,
      String basePath) {
    Objects.requireNonNull(create, "create");
    Objects.requireNonNull(find, "find");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(basePath, "basePath");
    return new CustomersPlugin(create, find, settings, basePath, false);
  }

  /**
   * Webhooks for {@code customer.created}: a listener, for an {@link dev.customers.domain.events.EventRelay}, that
   * POSTs each event to every URL at once as {@code {"api_version": "unstable", "event_id": ..., "event_type":
   * "customer.created", "object": "user", "data": <the User as GET answers it>}}, signed per Standard Webhooks
   * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) with {@code secret}:
   * {@value #WEBHOOK_SECRET_RULE}. Delivered when every URL answered 2xx within
   * 10 s; otherwise it throws and the relay tries every URL again later, under the same {@code webhook-id}.
   * A URL's user info ({@code https://user:password@host/...}) is sent as Basic authentication.
   *
   * @throws IllegalArgumentException for no URLs, a URL that is not absolute http or https, or a bad secret
   *     (the message shows neither)
   */
  public static CustomerCreatedListener webhooks(FindCustomer find, List<URI> urls, String secret) {
    return new Webhooks(find, urls, secret, Clock.systemUTC(), Webhooks.TIMEOUT);
  }

  /** Whether {@link #webhooks} takes {@code secret}: {@link #WEBHOOK_SECRET_RULE}. */
  public static boolean isWebhookSecret(String secret) {
    try {
      Webhooks.key(secret);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@link #webhooks} takes {@code url}: {@link #WEBHOOK_URL_RULE}. */
  public static boolean isWebhookUrl(URI url) {
    return Webhooks.isUrl(url);
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


  /**
   * The second part, still before Jetty's: the port closes while clients keep their connections (so none is
   * connecting just then, to be reset with the port), every answer from then on closes its connection, and once the
   * answers that were already under way with keep-alive are out, Jetty's graceful stop has no kept-alive answer left
   * to close a connection after (see {@link ClosablePortConnector}).
   */
  private static void closePort(AtomicBoolean serving, ClosablePortConnector connector, InFlightRequests inFlight) {
    if (!serving.get() || connector == null) {
      return;
    }
    connector.closePort();
    inFlight.closeEachConnection();
    try {
      inFlight.awaitKeptAliveAnswers(IN_FLIGHT_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Jetty and Javalin as this API wants them: quiet, no compression or ETags, errors as JSON, graceful stops. */
  private static void server(JavalinConfig config, ApiSettings settings, Responses responses,
      InFlightRequests inFlight, AtomicReference<ClosablePortConnector> connector) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.http.compressionStrategy = CompressionStrategy.NONE;
    config.http.generateEtags = false;
    config.jetty.modifyHttpConfiguration(http -> {
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      // RFC 9110's mode, but a header or chunk line ended by a bare LF is a 400: a proxy in front that reads lines
      // only by CRLF would see another request than this server does (X-Foo: a\nTransfer-Encoding: chunked).
      http.setHttpCompliance(HttpCompliance.RFC9110.without("RFC9110_WITHOUT_BARE_LF",
          HttpCompliance.Violation.LF_HEADER_TERMINATION, HttpCompliance.Violation.LF_CHUNK_TERMINATION));
    });
    // The port, on a connector whose port the stop closes first (app.start(host, port) sets host and port before).
    config.jetty.addConnector((server, http) -> {
      ClosablePortConnector own = new ClosablePortConnector(server, http);
      own.setHost(config.jetty.host);
      own.setPort(config.jetty.port);
      connector.set(own);
      return own;
    });
    // A stop lets requests in flight finish (up to IN_FLIGHT_WAIT_MILLIS) instead of cutting them off.
    config.jetty.modifyServer(server -> {
      server.setStopTimeout(IN_FLIGHT_WAIT_MILLIS);
      server.insertHandler(inFlight);
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
}
