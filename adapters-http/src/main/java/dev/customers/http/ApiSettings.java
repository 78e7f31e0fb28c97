package dev.customers.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How {@link CustomersApi} admits requests: the access tokens with their scopes, the rate limit per token and the
 * largest request body; and what it reports: metrics and an access log, both off unless asked for. Tokens are
 * hashed (SHA-256) as soon as they are added; the plain text is never kept.
 */
public final class ApiSettings {

  /** What a token may be granted: to read or create users, or as an admin. */
  public static final Set<String> SCOPES = Collections.unmodifiableSet(
      new LinkedHashSet<>(List.of("users:read", "users:write", "admin:read", "admin:write")));

  /** The reference allows 4 requests per second per access token. */
  public static final int DEFAULT_REQUESTS_PER_SECOND = 4;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
  /** Refusals of authentication, scope or version a second per client address, after a burst of four times that. */
  public static final int DEFAULT_REFUSALS_PER_SECOND = 5;
  /**
   * Longer than a busy client takes from one answer to its next request, even on a loaded machine, and short beside
   * a stop's bounds.
   */
  public static final Duration DEFAULT_SHUTDOWN_QUIET = Duration.ofSeconds(2);

  private final List<TokenGrant> grants;
  private final int requestsPerSecond;
  private final int refusalsPerSecond;
  private final int maxBodyBytes;
  private final Duration bodyTimeout;
  private final MeterRegistry meterRegistry;
  private final Supplier<String> metricsExposition;
  private final PrintStream accessLog;
  private final LogFormat accessLogFormat;
  private final SharedRateLimit sharedRateLimit;
  private final Duration shutdownDrain;
  private final Duration shutdownQuiet;

  private ApiSettings(Builder builder) {
    this.grants = List.copyOf(builder.grants);
    this.requestsPerSecond = builder.requestsPerSecond;
    this.refusalsPerSecond = builder.refusalsPerSecond;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.bodyTimeout = builder.bodyTimeout;
    this.meterRegistry = builder.meterRegistry;
    this.metricsExposition = builder.metricsExposition;
    this.accessLog = builder.accessLog;
    this.accessLogFormat = builder.accessLogFormat;
    this.sharedRateLimit = builder.sharedRateLimit;
    this.shutdownDrain = builder.shutdownDrain;
    this.shutdownQuiet = builder.shutdownQuiet;
  }

  /**
   * A rate limit kept outside this process, shared by every server: e.g. on their database. It may throw when it
   * cannot answer; the limit is then kept in memory, per server, until it answers again.
   */
  @FunctionalInterface
  public interface SharedRateLimit {
    /**
     * Takes one request of the token's allowance: true when admitted. {@code tokenHash} is 32 bytes of a slow hash
     * of the token (PBKDF2-HMAC-SHA256), the same on every server.
     */
    boolean tryAcquire(byte[] tokenHash, int perSecond);
  }

  /** How the access log writes a line. */
  public enum LogFormat {
    /** {@code 2026-01-01T12:00:00.123Z access POST /api/admin/users/ 201 3.2ms <request id>} */
    PLAIN,
    /** One JSON object a line, for log shippers. */
    JSON
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Requests per second per token; 0 means no limit. */
  public int requestsPerSecond() {
    return requestsPerSecond;
  }

  /** Refusals of authentication, scope or version a second per client address (after a burst); 0: no limit. */
  public int refusalsPerSecond() {
    return refusalsPerSecond;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How long a request body may take to arrive, and the longest a read of it may wait for the next bytes. */
  public Duration bodyTimeout() {
    return bodyTimeout;
  }

  /** How long a stop keeps serving, {@code /health} answering 503, before it stops taking connections. */
  public Duration shutdownDrain() {
    return shutdownDrain;
  }

  /** How long a stop, once no request is in flight, waits for the next request on a connection kept alive. */
  public Duration shutdownQuiet() {
    return shutdownQuiet;
  }

  List<TokenGrant> grants() {
    return grants;
  }

  Optional<SharedRateLimit> sharedRateLimit() {
    return Optional.ofNullable(sharedRateLimit);
  }

  /** The metrics, creates counted on {@code collection}, the route template of the create operation. */
  Optional<HttpMetrics> metrics(String collection) {
    return Optional.ofNullable(meterRegistry).map(registry -> new HttpMetrics(registry, collection));
  }

  Optional<Supplier<String>> metricsExposition() {
    return Optional.ofNullable(metricsExposition);
  }

  Optional<AccessLog> accessLog() {
    return Optional.ofNullable(accessLog).map(out -> new AccessLog(out, accessLogFormat));
  }

  /** Whether {@code token} can be one: not empty, without whitespace or control characters. */
  static boolean isToken(String token) {
    return !token.isEmpty() && token.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  @Override
  public String toString() {
    // Never the tokens, not even their hashes.
    return "ApiSettings[tokens=" + grants.size() + ", requestsPerSecond=" + requestsPerSecond
        + ", refusalsPerSecond=" + refusalsPerSecond
        + ", maxBodyBytes=" + maxBodyBytes + ", bodyTimeout=" + bodyTimeout + ", metrics=" + (meterRegistry != null)
        + ", accessLog=" + (accessLog == null ? "off" : accessLogFormat) + ", sharedRateLimit="
        + (sharedRateLimit != null) + ", shutdownDrain=" + shutdownDrain + ", shutdownQuiet=" + shutdownQuiet + "]";
  }

  public static final class Builder {
    private final List<TokenGrant> grants = new ArrayList<>();
    private int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private int refusalsPerSecond = DEFAULT_REFUSALS_PER_SECOND;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private MeterRegistry meterRegistry;
    private Supplier<String> metricsExposition;
    private PrintStream accessLog;
    private LogFormat accessLogFormat = LogFormat.PLAIN;
    private SharedRateLimit sharedRateLimit;
    private Duration shutdownDrain = Duration.ZERO;
    private Duration shutdownQuiet = DEFAULT_SHUTDOWN_QUIET;

    private Builder() {}

    /**
     * Admits {@code token} (sent as {@code Authorization: Bearer <token>}) with these scopes, e.g.
     * {@code users:read}, {@code users:write}, {@code admin:read}, {@code admin:write}.
     */
    public Builder token(String token, Set<String> scopes) {
      Objects.requireNonNull(token, "token");
      if (!isToken(token)) {
        throw new IllegalArgumentException("A token is not empty and has no whitespace or control characters");
      }
      grants.add(new TokenGrant(TokenGrant.sha256(token), Set.copyOf(scopes)));
      return this;
    }

    public Builder token(String token, String... scopes) {
      return token(token, Set.of(scopes));
    }

    /** Requests per second per token; 0 turns the limit off. */
    public Builder requestsPerSecond(int requestsPerSecond) {
      if (requestsPerSecond < 0) {
        throw new IllegalArgumentException("requestsPerSecond is 0 (off) or more, got " + requestsPerSecond);
      }
      this.requestsPerSecond = requestsPerSecond;
      return this;
    }

    /**
     * How many requests refused for their token (none, unknown), scope or version a client address may send a
     * second (default 5), after a burst of four times that; past it, every request of that address is answered 429
     * until the allowance refills, so guessing tokens is slow. 0 turns it off. Behind a proxy, every client of it
     * shares one address.
     */
    public Builder refusalsPerSecond(int refusalsPerSecond) {
      if (refusalsPerSecond < 0) {
        throw new IllegalArgumentException("refusalsPerSecond is 0 (off) or more, got " + refusalsPerSecond);
      }
      this.refusalsPerSecond = refusalsPerSecond;
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes is positive, got " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How long a request body may take to arrive (default 10 s): a client that sends slower, or stops sending,
     * hears 408 and loses the connection instead of holding a server thread.
     */
    public Builder bodyTimeout(Duration bodyTimeout) {
      Objects.requireNonNull(bodyTimeout, "bodyTimeout");
      if (bodyTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("bodyTimeout is at least a millisecond, got " + bodyTimeout);
      }
      this.bodyTimeout = bodyTimeout;
      return this;
    }

    /**
     * Keeps the rate limit in {@code shared} (for several servers), falling back to the limit in memory for a few
     * seconds whenever it throws. Only with a rate limit (requestsPerSecond above 0).
     */
    public Builder sharedRateLimit(SharedRateLimit shared) {
      this.sharedRateLimit = Objects.requireNonNull(shared, "shared");
      return this;
    }

    /**
     * Counts requests (by route template, method and status, with latency) and creates (made, refused by reason)
     * into {@code registry}, and serves {@code exposition} (e.g. Prometheus text from the same registry) at
     * {@code GET /metrics} to tokens with {@code admin:read}.
     */
    public Builder metrics(MeterRegistry registry, Supplier<String> exposition) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      this.metricsExposition = Objects.requireNonNull(exposition, "exposition");
      return this;
    }

    /** Writes one line per request to {@code out}: method, path, status, duration and request id. */
    public Builder accessLog(PrintStream out, LogFormat format) {
      this.accessLog = Objects.requireNonNull(out, "out");
      this.accessLogFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * How long {@code app.stop()} keeps serving as usual, with {@code GET /health} answering 503
     * {@code {"status": "stopping"}}, before it stops taking connections (default 0: at once). Time for a load
     * balancer to see the 503 and send no more; what still comes in that time is answered.
     */
    public Builder shutdownDrain(Duration drain) {
      Objects.requireNonNull(drain, "drain");
      if (drain.isNegative()) {
        throw new IllegalArgumentException("shutdownDrain is 0 or more, got " + drain);
      }
      this.shutdownDrain = drain;
      return this;
    }

    /**
     * How long {@code app.stop()}, once no request is in flight, waits for one more before it closes the
     * connections clients keep alive (default {@link #DEFAULT_SHUTDOWN_QUIET}): a client answered just before the
     * stop may send its next request on the same connection a moment later, and that request is answered instead of
     * cut off. Shorter stops sooner; a client that waits longer than this may find its kept-alive connection closed.
     */
    public Builder shutdownQuiet(Duration quiet) {
      Objects.requireNonNull(quiet, "quiet");
      if (quiet.isNegative()) {
        throw new IllegalArgumentException("shutdownQuiet is 0 or more, got " + quiet);
      }
      this.shutdownQuiet = quiet;
      return this;
    }

    public ApiSettings build() {
      return new ApiSettings(this);
    }
  }
}
