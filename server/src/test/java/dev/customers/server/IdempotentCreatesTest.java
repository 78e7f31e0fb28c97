package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract's "Safe retries" section end to end, through the composition root, on each database: a subclass
 * names the database. Keys are fresh per test, so one database may serve every test.
 */
abstract class IdempotentCreatesTest {

  static final String TOKEN = "idempotency-token";
  private static final String OTHER_TOKEN = "other-idempotency-token";
  private static final String JSON = "application/json";
  private static final String KEY = "Idempotency-Key";

  private final String key = "key-" + UUID.randomUUID();
  private final String email = "idem-" + UUID.randomUUID() + "@example.com";

  /** The database's JDBC URL, user and password. */
  abstract String url();

  abstract String user();

  abstract String password();

  /**
   * What a create hears while the key's first request is uncommitted for longer than the lock timeout: H2 gives up
   * after its lock timeout (in flight, 409); PostgreSQL waits for the first transaction to end.
   */
  abstract boolean givesUpOnAHeldKey();

  private ServerSettings settings(Duration ttl) {
    return TestSettings.server().database(url(), user(), password()).idempotencyTtl(ttl)
        .token(TOKEN, "users:read", "users:write").token(OTHER_TOKEN, "users:read", "users:write").build();
  }

  private CustomersServer start(Duration ttl) {
    return CustomersServer.start(settings(ttl), CustomersServerTest.quiet());
  }

  private static ServerClient client(CustomersServer server) {
    return new ServerClient(server.port(), TOKEN);
  }

  private String request() {
    return "{\"email\": \"" + email + "\", \"first_name\": \"Jane\", \"tags\": [\"vip\"], \"metadata\": {\"a\": 1,"
        + " \"b\": [true, \"x\"]}, \"addresses\": [{\"country\": \"de\", \"line1\": \"Hauptstr. 1\","
        + " \"line4\": \"Berlin\"}]}";
  }

  /** The same request: other key order, other whitespace, other case where the rules normalise it. */
  private String sameRequestSpelledOtherwise() {
    return "{ \"addresses\":[{\"line4\":\" Berlin\",\"line1\":\"Hauptstr. 1\",\"country\":\"DE\"}],\n"
        + "  \"metadata\":{\"b\":[true,\"x\"],\"a\":1}, \"tags\":[\" vip \"], \"first_name\":\"Jane \","
        + " \"email\":\"" + email + "\" }";
  }

  @Test
  void a_retry_replays_the_first_answer_and_stores_nothing_new() {
    try (CustomersServer server = start(Duration.ofHours(24))) {
      ServerClient client = client(server);
      HttpResponse<String> first = client.create(JSON, request(), KEY, key);
      HttpResponse<String> retry = client.create(JSON, sameRequestSpelledOtherwise(), KEY, key);
      HttpResponse<String> withoutKey = client.create(JSON, request());

      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
      assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
      assertThat(withoutKey.statusCode()).isEqualTo(400);
      assertThat(withoutKey.body()).isEqualTo("{\"email\":[\"user with this email already exists.\"]}");
    }
  }

  @Test
  void a_key_survives_a_restart_of_the_server() {
    HttpResponse<String> first;
    try (CustomersServer server = start(Duration.ofHours(24))) {
      first = client(server).create(JSON, request(), KEY, key);
    }
    try (CustomersServer server = start(Duration.ofHours(24))) {
      HttpResponse<String> retry = client(server).create(JSON, request(), KEY, key);

      assertThat(first.statusCode()).isEqualTo(201);
      assertThat(retry.statusCode()).isEqualTo(201);
      assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(retry.body()).isEqualTo(first.body());
    }
  }

  @Test
  void another_request_under_a_used_key_is_422_and_stores_nothing() {
    try (CustomersServer server = start(Duration.ofHours(24))) {
      ServerClient client = client(server);
      client.create(JSON, request(), KEY, key);
      String otherEmail = "other-" + email;
      HttpResponse<String> reused = client.create(JSON, "{\"email\": \"" + otherEmail + "\"}", KEY, key);
      HttpResponse<String> otherAfterwards = client.create(JSON, "{\"email\": \"" + otherEmail + "\"}");

      assertThat(reused.statusCode()).isEqualTo(422);
      assertThat(reused.body())
          .isEqualTo("{\"detail\":\"This Idempotency-Key was already used with a different request.\"}");
      assertThat(otherAfterwards.statusCode()).isEqualTo(201);
    }
  }

  @Test
  void a_malformed_key_is_400_after_auth_and_version() {
    try (CustomersServer server = start(Duration.ofHours(24))) {
      ServerClient client = client(server);
      String tooLong = "k".repeat(256);

      HttpResponse<String> long256 = client.create(JSON, request(), KEY, tooLong);
      HttpResponse<String> control = client.create(JSON, request(), KEY, "tab\tinside");
      HttpResponse<String> unknownToken =
          new ServerClient(server.port(), "nope").create(JSON, request(), KEY, tooLong);
      HttpResponse<String> badVersion =
          client.create(JSON, request(), KEY, tooLong, "X-29next-API-Version", "2020-01-01");
      HttpResponse<String> longest = client.create(JSON, request(), KEY, "k".repeat(255));

      String malformed = "{\"detail\":\"Idempotency-Key must be 1 to 255 printable ASCII characters.\"}";
      assertThat(long256.statusCode()).isEqualTo(400);
      assertThat(long256.body()).isEqualTo(malformed);
      assertThat(control.body()).isEqualTo(malformed);
      assertThat(unknownToken.statusCode()).isEqualTo(401);
      assertThat(badVersion.body()).contains("Unsupported API version");
      assertThat(longest.statusCode()).as(longest.body()).isEqualTo(201);
    }
  }

  @Test
  void a_first_request_refused_with_400_or_415_stores_no_key() {
    try (CustomersServer server = start(Duration.ofHours(24))) {
      ServerClient client = client(server);
      HttpResponse<String> invalid = client.create(JSON, "{\"email\": \"not an email\"}", KEY, key);
      HttpResponse<String> wrongMedia = client.create("text/plain", request(), KEY, key);
      HttpResponse<String> notJson = client.create(JSON, "{\"email\": ", KEY, key);
      HttpResponse<String> corrected = client.create(JSON, request(), KEY, key);

      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(wrongMedia.statusCode()).isEqualTo(415);
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
      assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }
  }

  @Test
  void the_same_key_from_another_token_is_another_key() {
    try (CustomersServer server = start(Duration.ofHours(24))) {
      HttpResponse<String> mine = client(server).create(JSON, request(), KEY, key);
      HttpResponse<String> theirs = new ServerClient(server.port(), OTHER_TOKEN)
          .create(JSON, "{\"email\": \"theirs-" + email + "\"}", KEY, key);

      assertThat(mine.statusCode()).isEqualTo(201);
      assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);
      assertThat(theirs.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }
  }

  @Test
  void an_expired_key_counts_as_absent_and_is_deleted_in_the_background() throws Exception {
    try (CustomersServer server = start(Duration.ofSeconds(1))) {
      ServerClient client = client(server);
      HttpResponse<String> first = client.create(JSON, request(), KEY, key);
      // Past the key's lifetime; the background deletion runs every TTL, so by then it has run too.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (storedKeys(key) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long left = storedKeys(key);
      HttpResponse<String> later = client.create(JSON, "{\"email\": \"later-" + email + "\"}", KEY, key);

      assertThat(first.statusCode()).isEqualTo(201);
      assertThat(left).isZero();
      assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
      assertThat(later.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }
  }

  @Test
  void a_key_whose_first_request_is_uncommitted_is_in_flight_or_waited_for() throws Exception {
    try (CustomersServer server = start(Duration.ofHours(24));
        Connection first = DriverManager.getConnection(url(), user(), password())) {
      first.setAutoCommit(false);
      try (PreparedStatement claim = first.prepareStatement("insert into customers.idempotency_keys"
          + " (owner, idempotency_key, fingerprint, expires_at) values (?, ?, 'first', current_timestamp)")) {
        claim.setString(1, owner(TOKEN));
        claim.setString(2, key);
        claim.executeUpdate();
      }
      CompletableFuture<HttpResponse<String>> second =
          CompletableFuture.supplyAsync(() -> client(server).create(JSON, request(), KEY, key));

      if (givesUpOnAHeldKey()) {
        HttpResponse<String> inFlight = second.get(30, TimeUnit.SECONDS);
        first.rollback();

        assertThat(inFlight.statusCode()).isEqualTo(409);
        assertThat(inFlight.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(inFlight.body())
            .isEqualTo("{\"detail\":\"A request with this Idempotency-Key is still being processed.\"}");
      } else {
        Thread.sleep(500);
        first.rollback();

        HttpResponse<String> waited = second.get(30, TimeUnit.SECONDS);
        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(201);
      }
      assertThat(client(server).create(JSON, request(), KEY, key).statusCode()).isEqualTo(201);
    }
  }

  private long storedKeys(String idempotencyKey) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(), user(), password());
        PreparedStatement query = connection.prepareStatement(
            "select count(*) from customers.idempotency_keys where idempotency_key = ?")) {
      query.setString(1, idempotencyKey);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /**
   * What the HTTP adapter stores as a token's identity: a slow hash (PBKDF2-HMAC-SHA256, 100,000 rounds, a fixed
   * salt) of the hex of its SHA-256, in hex; pinned here, as keys stored by one release must match in the next.
   */
  private static String owner(String token) throws Exception {
    String sha256 = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    byte[] slow = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
        new javax.crypto.spec.PBEKeySpec(sha256.toCharArray(),
            "dev.customers: a token at rest".getBytes(StandardCharsets.UTF_8), 100_000, 256)).getEncoded();
    return HexFormat.of().formatHex(slow);
  }
}
