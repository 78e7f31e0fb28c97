package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared rate limit on PostgreSQL: two pools on one database stand for two servers. */
class JdbiRateLimitTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  private static String url;
  private static JdbiCustomerRepository first;
  private static JdbiCustomerRepository second;

  @BeforeAll
  static void open() {
    url = postgres.url();
    first = JdbiCustomerRepository.open(url, postgres.user(), postgres.password());
    second = JdbiCustomerRepository.open(url, postgres.user(), postgres.password());
  }

  @AfterAll
  static void close() {
    first.close();
    second.close();
  }

  @Test
  void admits_a_burst_of_the_limit_then_refuses_each_token_on_its_own() throws Exception {
    JdbiRateLimit limit = JdbiRateLimit.of(first);
    byte[] one = sha256("burst-one");
    byte[] other = sha256("burst-other");

    List<Boolean> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(limit.tryAcquire(one, 4));
    }

    // Taken within well under a second: at most a fraction of a unit comes back meanwhile.
    assertThat(answers.subList(0, 4)).containsOnly(true);
    assertThat(answers.subList(4, 6)).containsOnly(false);
    assertThat(limit.tryAcquire(other, 4)).as("another token has its own bucket").isTrue();
  }

  @Test
  void holds_for_two_servers_together() throws Exception {
    byte[] token = sha256("shared-between-servers");
    List<JdbiRateLimit> servers = List.of(JdbiRateLimit.of(first), JdbiRateLimit.of(second));
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

  @Test
  void keeps_only_the_hash_of_a_token() throws Exception {
    byte[] hash = sha256("kept-hashed");
    JdbiRateLimit.of(first).tryAcquire(hash, 4);

    try (Connection connection = postgres.connect(url); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select token_hash from customers.rate_limit_buckets")) {
      List<byte[]> stored = new ArrayList<>();
      while (rows.next()) {
        stored.add(rows.getBytes(1));
      }
      assertThat(stored).anySatisfy(row -> assertThat(row).isEqualTo(hash));
      assertThat(stored).allSatisfy(row -> assertThat(row).hasSize(32));
    }
    assertThatThrownBy(() -> JdbiRateLimit.of(first).tryAcquire("kept-hashed".getBytes(StandardCharsets.UTF_8), 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void is_for_postgresql_only() {
    try (JdbiCustomerRepository h2 = JdbiCustomerRepository.open("jdbc:h2:mem:ratelimit", "sa", "")) {
      assertThatThrownBy(() -> JdbiRateLimit.of(h2)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PostgreSQL");
    }
  }

  private static byte[] sha256(String token) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
  }
}
