package dev.customers.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the adapter counts: every request by route template, method and status with its latency, and the outcome of
 * each create. The domain knows nothing of this; outcomes are read off the answer.
 */
final class HttpMetrics {

  /** Why a create was refused, as the {@code reason} tag says it. */
  enum Refusal {
    INVALID("invalid"),
    EMAIL_TAKEN("email_taken"),
    THROTTLED("throttled"),
    UNAVAILABLE("unavailable");

    final String tag;

    Refusal(String tag) {
      this.tag = tag;
    }
  }

  /** The route tag of a request that matched no route: never the raw path, which may carry anything. */
  static final String UNMATCHED = "NOT_FOUND";
  /** The method tag of a request whose method is none of HTTP's own: never the name sent, which may be anything. */
  static final String OTHER_METHOD = "OTHER";
  /** The methods of RFC 9110 and PATCH: the only method tags besides {@link #OTHER_METHOD}. */
  private static final Set<String> STANDARD_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  private static final String REFUSAL_ATTRIBUTE = "dev.customers.http.refusal";

  /** Buckets of the latency histogram, from a fast read to the body timeout. */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private final MeterRegistry registry;
  /** The route template of creates, under the API's base path. */
  private final String collection;
  private final Counter created;
  private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
  /**
   * The timer of each method, route and status seen: found here instead of built and looked up anew per request
   * (docs/performance.md has what that cost). Bounded, as every tag is: 10 methods, the route templates and
   * {@link #UNMATCHED}, the statuses this API and Jetty answer (three digits); see {@link #record}.
   */
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  HttpMetrics(MeterRegistry registry, String collection) {
    this.registry = registry;
    this.collection = collection;
    this.created = Counter.builder("customers.creates").description("Customers created (201)").register(registry);
    // The reason tag: one of the four refusals, no more.
    for (Refusal refusal : Refusal.values()) {
      refused.put(refusal, Counter.builder("customers.creates.refused")
          .description("Creates refused, by reason").tag("reason", refusal.tag).register(registry));
    }
  }

  /** Notes why the request is refused, when it is a create; counted once the answer is known. */
  static void refusing(Context ctx, Refusal refusal) {
    ctx.attribute(REFUSAL_ATTRIBUTE, refusal);
  }

  /** Records a finished request. */
  void record(Context ctx, String route, int status, float millis) {
    // Each tag from a bounded set, whatever the client sent: a standard method or OTHER, a route template or
    // NOT_FOUND (never a path), a status code from 100 to 599.
    TimerKey key = new TimerKey(method(ctx), route, Math.max(100, Math.min(599, status)));
    timers.computeIfAbsent(key, this::timer)
        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    if (ctx.method() != HandlerType.POST || !collection.equals(route)) {
      return;
    }
    if (status == 201) {
      created.increment();
      return;
    }
    Refusal refusal = ctx.attribute(REFUSAL_ATTRIBUTE);
    if (refusal != null) {
      refused.get(refusal).increment();
    }
  }

  /** The method's tag: one of the standard methods, or {@link #OTHER_METHOD} for any other name a client sends. */
  static String method(Context ctx) {
    String method = ctx.method().name();
    return STANDARD_METHODS.contains(method) ? method : OTHER_METHOD;
  }

  private Timer timer(TimerKey key) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests by route template, method and status")
        .tag("method", key.method())
        .tag("uri", key.route())
        .tag("status", Integer.toString(key.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /**
   * The route template the request matched ({@code /api/admin/users/{id}/}), or {@link #UNMATCHED} for none or for
   * {@code notFound}, the routes that answer 404 for every other path under the base path.
   */
  static String route(Context ctx, Set<String> notFound) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null || notFound.contains(endpoint.path) ? UNMATCHED : endpoint.path;
  }

  private record TimerKey(String method, String route, int status) {}
}
