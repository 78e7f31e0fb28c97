package dev.customers.http;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.http.RequestRejected.Reason;
import io.javalin.config.JavalinState;
import io.javalin.config.RouterConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.servlet.DefaultTasks;
import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.http.servlet.TaskInitializer;
import io.javalin.plugin.Plugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The API's paths as a Javalin plugin, for a host's own app: {@code POST <basePath>/users/},
 * {@code GET}/{@code HEAD <basePath>/users/{id}/} and {@code GET <basePath>/openapi.json}, next to the host's
 * routes. Configured the way Javalin's own plugins are, through its {@link Config}:
 *
 * <pre>{@code
 * Javalin app = Javalin.create(config -> {
 *   config.routes.get("/orders", ctx -> ctx.json(orders));                  // the host's own routes
 *   config.registerPlugin(new CustomersPlugin(customers -> {
 *     customers.create = new CreateCustomer(repository, Clock.systemUTC());
 *     customers.find = new FindCustomer(repository);
 *     customers.settings = ApiSettings.builder().token(token, "users:read", "users:write").build();
 *     customers.basePath = "/shop/admin";                                   // or leave out: /api/admin
 *   }));
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
 * <p>What the whole app ({@link CustomersApi#create}) adds on top stays the host's business too: its Jetty (thread
 * pool, accept queue, idle timeout, graceful stop, error pages for requests Jetty refuses itself) is left as the host
 * set it. One Jetty setting is changed, because the tokens depend on it: header values are read case-sensitively
 * ({@code HttpConfiguration.setHeaderCacheCaseSensitive}), which only makes Jetty read headers exactly as sent.
 * A body that stalls is refused after {@link ApiSettings#bodyTimeout()}, each read waiting at most the host's
 * idle timeout. Register it once per app.
 */
public final class CustomersPlugin extends Plugin<CustomersPlugin.Config> {

  /** What the plugin serves, set by the host in the consumer it gives the plugin. */
  public static final class Config {
    /** Required: creates customers, {@code POST <basePath>/users/}. */
    public CreateCustomer create;
    /** Required: finds them, {@code GET <basePath>/users/{id}/}. */
    public FindCustomer find;
    /** Required: the tokens and limits, see {@link ApiSettings#builder()}. */
    public ApiSettings settings;
    /**
     * Where the API answers: one or more path segments of letters, digits and {@code . _ ~ -}, without a trailing
     * slash, e.g. {@code /shop/admin}; by default {@value CustomersApi#DEFAULT_BASE_PATH}.
     */
    public String basePath = CustomersApi.DEFAULT_BASE_PATH;
  }

  private static final String OPENAPI = "/openapi.json";
  /** One or more segments of unreserved characters: nothing a router reads as a parameter or a wildcard. */
  private static final Pattern BASE_PATH = Pattern.compile("(/(?!\\.+(/|$))[A-Za-z0-9._~-]+)+");
  /** Reading a user: any scope a token may have. */
  private static final Set<String> READ_SCOPES = ApiSettings.SCOPES;
  private static final Set<String> WRITE_SCOPES = Set.of("users:write", "admin:write");
  /** Any valid token: what a path's OPTIONS and 405 need. */
  private static final Set<String> ANY_TOKEN = Set.of();

  private final ApiSettings settings;
  private final String basePath;
  /** Whether every path of the app is this API's (the whole app), or only those under the base path (a host's). */
  private final boolean ownsEveryPath;
  private final Responses responses;
  private final RequestChecks checks;
  private final RequestBodies bodies;
  private final ErrorResponses errors;
  private final CustomerEndpoints customers;
  /** The routes that answer 404 for the paths under the base path nothing else answers. */
  private final Set<String> notFound;
  /** The app's router settings, read per request: the host may change them after registering this plugin. */
  private RouterConfig router;

  /**
   * The plugin as {@code config} sets it up.
   *
   * @throws NullPointerException when {@code create}, {@code find}, {@code settings} or {@code basePath} is not set
   * @throws IllegalArgumentException for a base path that is not one or more segments of letters, digits and
   *     {@code . _ ~ -} without a trailing slash
   */
  public CustomersPlugin(Consumer<Config> config) {
    this(Objects.requireNonNull(config, "config"), false);
  }

  /** {@code ownsEveryPath}: for {@link CustomersApi#create}, whose app is this API's alone. */
  CustomersPlugin(Consumer<Config> config, boolean ownsEveryPath) {
    super(config, new Config());
    Config set = pluginConfig;
    CreateCustomer create = Objects.requireNonNull(set.create, "CustomersPlugin.Config.create");
    FindCustomer find = Objects.requireNonNull(set.find, "CustomersPlugin.Config.find");
    this.settings = Objects.requireNonNull(set.settings, "CustomersPlugin.Config.settings");
    this.basePath = Objects.requireNonNull(set.basePath, "CustomersPlugin.Config.basePath");
    if (!BASE_PATH.matcher(basePath).matches()) {
      throw new IllegalArgumentException("A base path is one or more segments such as /shop/admin, without a "
          + "trailing slash, got \"" + basePath + "\"");
    }
    this.ownsEveryPath = ownsEveryPath;
    Json json = new Json();
    this.responses = new Responses(json);
    this.checks = new RequestChecks(settings);
    this.bodies = new RequestBodies(json, settings.maxBodyBytes(), settings.bodyTimeout());
    this.errors = new ErrorResponses(responses);
    this.customers = new CustomerEndpoints(create, find, bodies, responses, basePath + CustomerEndpoints.COLLECTION);
    this.notFound = Set.of(basePath, basePath + "/*");
  }

  @Override
  public void onInitialize(JavalinState state) {
    router = state.router;
    RoutesConfig routes = state.routes;
    routes.before(ctx -> {
      if (ours(ctx)) {
        Responses.standardHeaders(ctx);
      }
    });

    Handler createHandler = checks.guard(WRITE_SCOPES, customers::create);
    Handler findHandler = checks.guard(READ_SCOPES, customers::find);
    serve(routes, basePath + CustomerEndpoints.COLLECTION, Map.of(HandlerType.POST, createHandler), guarded());
    serve(routes, basePath + CustomerEndpoints.ITEM, Map.of(HandlerType.GET, findHandler, HandlerType.HEAD,
        findHandler), guarded());
    byte[] openApi = openApiDocument(basePath);
    Handler openApiHandler = ctx -> ctx.status(200).contentType(Responses.JSON).result(openApi);
    serve(routes, basePath + OPENAPI, Map.of(HandlerType.GET, openApiHandler, HandlerType.HEAD, openApiHandler),
        handler -> handler);
    // Last, so that every route above comes first: the rest of the base path is this API's 404, not the host's.
    Handler unknown = errors.answering(ctx -> {
      throw new RequestRejected(Reason.NOT_FOUND);
    });
    for (String path : notFound) {
      for (HandlerType method : HandlerType.commonHttp()) {
        routes.addHttpHandler(method, path, unknown);
      }
    }

    // For the answers not written by Responses (OPTIONS, the OpenAPI document), sent after this.
    routes.after(ctx -> {
      if (ours(ctx)) {
        RequestBodies.closeIfBodyUnread(ctx);
        bodies.dropUnreadBody(ctx);
      }
    });
    requestLog(state);
    state.jetty.modifyHttpConfiguration(http -> {
      // Jetty reuses header values seen earlier on a connection, matched ignoring case by default: after
      // "Bearer ABC" it would read "Bearer abc" as "Bearer ABC". Tokens and request ids are case-sensitive.
      http.setHeaderCacheCaseSensitive(true);
    });
  }

  /**
   * Keeps the app's error handlers ({@code error(404, ...)}) off this API's paths, whose answers are complete: they
   * are app-wide in Javalin, and one that set a result would be written after this API's JSON. Done once the host
   * has configured everything, so that its own lifecycle, if it set one, is what is changed.
   */
  @Override
  public void onStart(JavalinState state) {
    if (ownsEveryPath) {
      // The server registers no error handlers: nothing to keep off.
      return;
    }
    List<TaskInitializer<JavalinServletContext>> lifecycle = state.servletRequestLifecycle;
    TaskInitializer<JavalinServletContext> errorHandlers = DefaultTasks.INSTANCE.getERROR();
    int index = lifecycle.indexOf(errorHandlers);
    if (index >= 0) {
      lifecycle.set(index, (submitTask, servlet, ctx, requestUri) -> {
        if (!ours(requestUri)) {
          errorHandlers.createTasks(submitTask, servlet, ctx, requestUri);
        }
      });
    }
  }

  /**
   * Registers {@code handlers} on {@code path}, plus OPTIONS (204 with {@code Allow}) and 405 for every other
   * method, each wrapped by {@code guard} so that they answer only whom the path admits; their failures answered
   * by this API.
   */
  void serve(RoutesConfig routes, String path, Map<HandlerType, Handler> handlers, UnaryOperator<Handler> guard) {
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
        routes.addHttpHandler(method, path, errors.answering(handler));
      } else if (method.equals(HandlerType.OPTIONS)) {
        Handler options = ctx -> ctx.header("Allow", allow).status(204);
        routes.addHttpHandler(method, path, errors.answering(guard.apply(options)));
      } else {
        routes.addHttpHandler(method, path, errors.answering(guard.apply(ctx -> {
          throw new RequestRejected(Reason.METHOD_NOT_ALLOWED, ctx.method().name(), allow);
        })));
      }
    }
  }

  /** The guard of a path that only valid tokens may use, whatever their scopes. */
  UnaryOperator<Handler> guarded() {
    return handler -> checks.guard(ANY_TOKEN, handler);
  }

  /** {@code next} for tokens with one of {@code scopes}, as the operations admit them. */
  Handler guard(Set<String> scopes, Handler next) {
    return checks.guard(scopes, next);
  }

  Responses responses() {
    return responses;
  }

  ErrorResponses errors() {
    return errors;
  }

  /** Once a request is answered: its metrics and its access-log line, when the settings ask for them. */
  private void requestLog(JavalinState state) {
    Optional<HttpMetrics> metrics = settings.metrics(basePath + CustomerEndpoints.COLLECTION);
    Optional<AccessLog> accessLog = settings.accessLog();
    if (metrics.isEmpty() && accessLog.isEmpty()) {
      return;
    }
    state.requestLogger.http((ctx, millis) -> {
      if (!ours(ctx)) {
        return;
      }
      int status = ctx.status().getCode();
      metrics.ifPresent(recorder -> recorder.record(ctx, HttpMetrics.route(ctx, notFound), status, millis));
      accessLog.ifPresent(log -> log.record(ctx, status, millis));
    });
  }

  private boolean ours(Context ctx) {
    return ownsEveryPath || ours(ctx.path().substring(ctx.contextPath().length()));
  }

  /** Whether {@code path} (after the context path) is the base path or under it, as the router matches paths. */
  private boolean ours(String path) {
    if (ownsEveryPath) {
      return true;
    }
    int length = basePath.length();
    return path.regionMatches(router.caseInsensitiveRoutes, 0, basePath, 0, length)
        && (path.length() == length || path.charAt(length) == '/');
  }

  /** The OpenAPI document, its paths under {@code basePath}. */
  private static byte[] openApiDocument(String basePath) {
    try (InputStream in = CustomersPlugin.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      byte[] document = in.readAllBytes();
      if (basePath.equals(CustomersApi.DEFAULT_BASE_PATH)) {
        return document;
      }
      // The base path is plain characters (checked above): no JSON escaping needed.
      return new String(document, StandardCharsets.UTF_8).replace(CustomersApi.DEFAULT_BASE_PATH, basePath)
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
