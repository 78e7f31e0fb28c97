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

  static byte[] sha256(String token) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
  }
}
