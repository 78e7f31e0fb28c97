package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.batch.SqlErrors;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

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

  /** The shared token buckets, in our schema: the repository's Jdbi defines {@code schema}. */
  interface Buckets {
    /**
     * Refills the bucket for the time since its last refill (the database's clock, so the servers' clocks do not
     * matter) and takes one unit, under the row's lock: concurrent requests through any server queue on the row.
     * Answers what is left, or nothing when the bucket holds less than one unit. A new token starts full.
     */
    @SqlQuery("""
        insert into <schema>.rate_limit_buckets as bucket (token_hash, tokens, refilled_at)
        values (:hash, :perSecond - 1, now())
        on conflict (token_hash) do update
          set tokens = least(:perSecond, bucket.tokens
                  + :perSecond * extract(epoch from greatest(now() - bucket.refilled_at, interval '0'))) - 1,
              refilled_at = greatest(bucket.refilled_at, now())
          where least(:perSecond, bucket.tokens
                  + :perSecond * extract(epoch from greatest(now() - bucket.refilled_at, interval '0'))) >= 1
        returning tokens
        """)
    Optional<Double> take(@Bind("hash") byte[] tokenHash, @Bind("perSecond") int perSecond);
  }

  private static final int SHA256_BYTES = 32;

  private final Buckets buckets;

  private JdbiRateLimit(Buckets buckets) {
    this.buckets = buckets;
  }

  /**
   * On the repository's database and pool.
   *
   * @throws IllegalArgumentException when the repository is not on PostgreSQL (on H2, one process, a limiter in
   *     memory does the same for less)
   */
  public static JdbiRateLimit of(JdbiCustomerRepository repository) {
    if (Objects.requireNonNull(repository, "repository").kind() != DatabaseKind.POSTGRESQL) {
      throw new IllegalArgumentException("A shared rate limit needs PostgreSQL; on H2 keep the limiter in memory");
    }
    return new JdbiRateLimit(repository.jdbi().onDemand(Buckets.class));
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
