package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.batch.SqlErrors;
import java.util.Objects;
import org.jdbi.v3.core.JdbiException;

/**
 * A rate limit per access token that holds for every server on one PostgreSQL database: a token bucket per token
 * (capacity and refill both {@code perSecond}), kept in the table {@code rate_limit_buckets} by the SHA-256 of the
 * token, never the token. One statement, one round trip per request.
 *
 * <pre>{@code
 * JdbiRateLimit limit = JdbiRateLimit.of(repository);
 * boolean admitted = limit.tryAcquire(sha256OfToken, 4);
 * }</pre>
 */
public final class JdbiRateLimit {

  private static final int SHA256_BYTES = 32;

  private final RateLimitDao buckets;

  private JdbiRateLimit(RateLimitDao buckets) {
    this.buckets = buckets;
  }

  /**
   * On the repository's database and pool.
   *
   * @throws IllegalArgumentException when the repository is not on PostgreSQL (on H2, one process, a limiter in
   *     memory does the same for less)
   */
  public static JdbiRateLimit of(JdbiCustomerRepository repository) {
    Objects.requireNonNull(repository, "repository");
    if (repository.kind() != DatabaseKind.POSTGRESQL) {
      throw new IllegalArgumentException("A shared rate limit needs PostgreSQL; on H2 keep the limiter in memory");
    }
    return new JdbiRateLimit(repository.jdbi().onDemand(RateLimitDao.class));
  }

  /**
   * Takes one request from the token's bucket: true when it is admitted.
   *
   * @param tokenHash the SHA-256 of the token (32 bytes)
   * @param perSecond requests per second, and the largest burst
   * @throws StorageUnavailableException when the database cannot be reached
   */
  public boolean tryAcquire(byte[] tokenHash, int perSecond) {
    if (tokenHash.length != SHA256_BYTES) {
      throw new IllegalArgumentException("tokenHash is a SHA-256: 32 bytes, got " + tokenHash.length);
    }
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond is positive, got " + perSecond);
    }
    try {
      return buckets.take(tokenHash, perSecond).isPresent();
    } catch (JdbiException e) {
      throw SqlErrors.unavailableOr(e);
    }
  }
}
