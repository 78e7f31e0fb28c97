package dev.customers.http;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many refusals of authentication, scope or version a client address may have: a burst, then a few a second
 * (token buckets, as the rate limit per token). An address that has used them up is refused with 429 before its
 * token is looked at, so guessing tokens costs time, not only requests. Keyed by the connection's peer address:
 * behind a proxy that is the proxy's, and every client behind it shares one allowance.
 *
 * <p>The map of addresses is bounded ({@link #MAX_ADDRESSES}, least recently refused dropped first): a client of
 * many addresses gets more refusals, never more memory.
 */
final class RefusalLimit {

  /** The most addresses remembered at once: what bounds the memory the buckets take. */
  static final int MAX_ADDRESSES = 10_000;
  /** How many refusals in a row an address may have before its requests are throttled. */
  static final int BURST_FACTOR = 4;

  private final int perSecond;
  /** Guarded by itself. */
  private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  /** {@code perSecond} refusals a second per address after a burst of four times that; 0: no limit. */
  RefusalLimit(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Whether {@code address} has used up its refusals: its next request is throttled, whatever it carries. */
  boolean exhausted(String address) {
    if (perSecond == 0) {
      return false;
    }
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.get(address);
    }
    return bucket != null && bucket.getAvailableTokens() < 1;
  }

  /** Counts a refusal of {@code address}. */
  void refused(String address) {
    if (perSecond == 0) {
      return;
    }
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(address, key -> Bucket.builder()
          .addLimit(limit -> limit.capacity((long) BURST_FACTOR * perSecond)
              .refillGreedy(perSecond, Duration.ofSeconds(1)))
          .build());
    }
    bucket.tryConsume(1);
  }

  int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }
}
