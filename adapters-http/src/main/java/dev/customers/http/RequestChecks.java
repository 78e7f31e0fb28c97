package dev.customers.http;

import dev.customers.http.ApiSettings.TokenGrant;
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

/**
 * The request-level rules of the contract, in its order: authentication and scope, API version, rate limit per
 * token. (The body rules, media type and size, come with reading the body.)
 */
final class RequestChecks {

  private static final String BEARER = "bearer";
  private static final String GRANT_ATTRIBUTE = "dev.customers.http.grant";

  private final List<TokenGrant> grants;
  /** One bucket per token, made up front: the tokens are known, so the map never grows. */
  private final Map<TokenGrant, Bucket> buckets;

  RequestChecks(ApiSettings settings) {
    this.grants = settings.grants();
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
      TokenGrant grant = authenticate(ctx);
      if (!scopes.isEmpty() && Collections.disjoint(scopes, grant.scopes())) {
        throw new RequestRejected(Reason.PERMISSION_DENIED);
      }
      checkVersion(ctx);
      throttle(grant);
      ctx.attribute(GRANT_ATTRIBUTE, grant);
      next.handle(ctx);
    };
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
    byte[] hash = ApiSettings.sha256(token);
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
    if (bucket != null && !bucket.tryConsume(1)) {
      throw new RequestRejected(Reason.THROTTLED);
    }
  }
}
