package dev.customers.http;

import dev.customers.http.ApiSettings.SharedRateLimit;
import dev.customers.http.RequestRejected.Reason;
import io.github.bucket4j.Bucket;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-level rules of the contract, in its order: authentication and scope, API version, rate limit per
 * token; before them, the limit of such refusals per client address ({@link RefusalLimit}). (The body rules, media
 * type and size, come with reading the body.)
 */
final class RequestChecks {

  private static final String BEARER = "bearer";
  private static final String GRANT_ATTRIBUTE = "dev.customers.http.grant";

  private static final Logger LOG = LoggerFactory.getLogger(RequestChecks.class);
  /** How long the limit stays in memory after the shared limit failed to answer, before it is asked again. */
  private static final long FALLBACK_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final List<TokenGrant> grants;
  /** One bucket per token, made up front: the tokens are known, so the map never grows. */
  private final Map<TokenGrant, Bucket> buckets;
  private final int perSecond;
  private final SharedRateLimit shared;
  /** Refusals of authentication, scope and version per client address. */
  private final RefusalLimit refusals;
  /** Until when (System.nanoTime) the buckets in memory stand in for the shared limit; 0: they do not. */
  private final AtomicLong fallbackUntil = new AtomicLong();

  RequestChecks(ApiSettings settings) {
    this.grants = settings.grants();
    this.perSecond = settings.requestsPerSecond();
    this.shared = settings.sharedRateLimit().orElse(null);
    this.refusals = new RefusalLimit(settings.refusalsPerSecond());
    Map<TokenGrant, Bucket> buckets = new IdentityHashMap<>();
    if (settings.requestsPerSecond() > 0) {
      int perSecond = settings.requestsPerSecond();
      for (TokenGrant grant : grants) {
        buckets.put(grant, Bucket.builder()
            .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
            .build());
      }
    }
    this.buckets = Collections.unmodifiableMap(buckets);
  }

  /**
   * {@code next}, for callers whose token has any of {@code scopes} (any valid token when empty), who ask for a
   * supported version and are within their rate limit.
   */
  Handler guard(Set<String> scopes, Handler next) {
    return ctx -> {
      String address = ctx.ip();
      if (refusals.exhausted(address)) {
        throw new RequestRejected(Reason.THROTTLED);
      }
      TokenGrant grant;
      try {
        grant = authenticate(ctx);
        if (!scopes.isEmpty() && Collections.disjoint(scopes, grant.scopes())) {
          throw new RequestRejected(Reason.PERMISSION_DENIED);
        }
        checkVersion(ctx);
      } catch (RequestRejected refused) {
        refusals.refused(address);
        throw refused;
      }
      throttle(grant);
      ctx.attribute(GRANT_ATTRIBUTE, grant);
      next.handle(ctx);
    };
  }

  /** Whether the request passed {@link #guard}: a valid token with the scope, version and rate it needs. */
  static boolean admitted(Context ctx) {
    return ctx.attribute(GRANT_ATTRIBUTE) != null;
  }

  /** The owner of what the guarded request does (see {@link TokenGrant#owner()}). */
  static String owner(Context ctx) {
    TokenGrant grant = ctx.attribute(GRANT_ATTRIBUTE);
    if (grant == null) {
      throw new IllegalStateException("Only a guarded request has an owner");
    }
    return grant.owner();
  }

  private TokenGrant authenticate(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null) {
      throw new RequestRejected(Reason.NOT_AUTHENTICATED);
    }
    String[] parts = authorization.strip().split("\\s+", 2);
    if (!parts[0].toLowerCase(Locale.ROOT).equals(BEARER)) {
      throw new RequestRejected(Reason.NOT_AUTHENTICATED);
    }
    String token = parts.length == 2 ? parts[1].strip() : "";
    byte[] hash = TokenGrant.sha256(token);
    TokenGrant found = null;
    // Every grant is compared, in constant time each: how long this takes says nothing about the token.
    for (TokenGrant grant : grants) {
      if (MessageDigest.isEqual(hash, grant.hash())) {
        found = grant;
      }
    }
    if (found == null) {
      throw new RequestRejected(Reason.INCORRECT_CREDENTIALS);
    }
    return found;
  }

  private static void checkVersion(Context ctx) {
    String version = ctx.header(Responses.API_VERSION);
    if (version != null && !version.equals(Responses.SUPPORTED_VERSION)) {
      throw new RequestRejected(Reason.UNSUPPORTED_VERSION, version);
    }
  }

  private void throttle(TokenGrant grant) {
    Bucket bucket = buckets.get(grant);
    if (bucket == null) {
      return;
    }
    boolean admitted = shared != null && !fallingBack() ? sharedOrLocal(grant, bucket) : bucket.tryConsume(1);
    if (!admitted) {
      throw new RequestRejected(Reason.THROTTLED);
    }
  }

  private boolean fallingBack() {
    long until = fallbackUntil.get();
    return until != 0 && System.nanoTime() - until < 0;
  }

  /**
   * The shared limit's answer; when it has none (its database is down or slow), the bucket in memory answers, for
   * this request and the next few seconds: neither a 500 nor an unlimited token, but a limit per server meanwhile.
   */
  private boolean sharedOrLocal(TokenGrant grant, Bucket bucket) {
    try {
      boolean admitted = shared.tryAcquire(grant.atRest(), perSecond);
      if (fallbackUntil.get() != 0 && fallbackUntil.getAndSet(0) != 0) {
        LOG.info("The shared rate limit answers again");
      }
      return admitted;
    } catch (RuntimeException unanswered) {
      long previous = fallbackUntil.getAndSet(System.nanoTime() + FALLBACK_NANOS);
      if (previous == 0) {
        LOG.warn("The shared rate limit cannot answer ({}); each server limits tokens on its own until it can",
            unanswered.toString());
      }
      return bucket.tryConsume(1);
    }
  }
}
