package dev.customers.jdbi;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The shared token buckets (PostgreSQL only), in our schema: the repository's Jdbi defines {@code schema}. */
interface RateLimitDao {

  /**
   * Refills the bucket for the time since its last refill (the database's clock, so the servers' clocks do not
   * matter) and takes one unit, in one statement under the row's lock: concurrent requests through any server
   * queue on the row. Answers what is left, or nothing when the bucket holds less than one unit (nothing is taken).
   * A new token starts with a full bucket.
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
