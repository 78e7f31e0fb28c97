package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared rate limit on PostgreSQL under two seconds of requests from eight threads through two pools, which
 * stand for two servers (an integration test: it runs for seconds by design; the rest is {@link JdbiRateLimitTest}).
 */
class JdbiRateLimitIT {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @Test
  void holds_for_two_servers_together() throws Exception {
    byte[] token = JdbiRateLimitTest.sha256("shared-between-servers");
    try (JdbiCustomerRepository first = JdbiCustomerRepository.open(postgres.url(), postgres.user(),
            postgres.password());
        JdbiCustomerRepository second = JdbiCustomerRepository.open(postgres.url(), postgres.user(),
            postgres.password())) {
      holdFor(List.of(JdbiRateLimit.of(first), JdbiRateLimit.of(second)), token);
    }
  }

  private static void holdFor(List<JdbiRateLimit> servers, byte[] token) throws Exception {
    int perSecond = 5;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(2_000);
    List<Future<Integer>> admitted = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      JdbiRateLimit server = servers.get(i % 2);
      admitted.add(threads.submit(() -> {
        int count = 0;
        while (System.nanoTime() < end) {
          if (server.tryAcquire(token, perSecond)) {
            count++;
          }
        }
        return count;
      }));
    }
    int total = 0;
    for (Future<Integer> count : admitted) {
      total += count.get(30, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    threads.shutdown();

    // One burst plus what refills in the time taken, for both servers together (each alone would admit as much).
    assertThat(total).isLessThanOrEqualTo((int) Math.ceil(perSecond + perSecond * seconds));
    assertThat(total).isGreaterThanOrEqualTo(perSecond);
  }
}
