package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request-level rules of the contract, in its order: auth, version, rate limit, media type, body size. */
class RequestRulesTest {

  private static final String VALID = "{\"email\": \"user@example.com\"}";

  private static InMemoryCustomerRepository repository;
  private static RunningApi api;

  @BeforeAll
  static void start() {
    repository = new InMemoryCustomerRepository();
    api = RunningApi.start(repository);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static HttpRequest.Builder postWithout(String header) {
    HttpRequest.Builder request = api.bare("/api/admin/users/").POST(BodyPublishers.ofString(VALID));
    if (!header.equals("Authorization")) {
      request.header("Authorization", "Bearer " + RunningApi.WRITER);
    }
    if (!header.equals("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    return request;
  }

  @Nested
  class Authentication {

    @Test
    void no_authorization_header_is_401_not_provided() {
      HttpResponse<String> response = api.send(postWithout("Authorization"));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(body(response)).isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token writer-token", "writer-token", "Bearerwriter-token"})
    void another_scheme_is_401_not_provided(String authorization) {
      HttpResponse<String> response = api.send(postWithout("Authorization").header("Authorization", authorization));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(body(response)).isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer ", "Bearer writer-token extra", "Bearer WRITER-TOKEN"})
    void an_unknown_token_is_401_incorrect(String authorization) {
      HttpResponse<String> response = api.send(postWithout("Authorization").header("Authorization", authorization));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
      assertThat(body(response)).isEqualTo(Map.of("detail", "Incorrect authentication credentials."));
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void tokens_are_case_sensitive_even_on_a_reused_connection() {
      // Jetty's header cache would otherwise take the second value for the first, cached one.
      HttpResponse<String> upper = api.send(api.request("/api/admin/users/424242/")
          .setHeader("Authorization", "Bearer " + RunningApi.READER.toUpperCase(java.util.Locale.ROOT)).GET());
      HttpResponse<String> exact = api.send(api.request("/api/admin/users/424242/")
          .setHeader("Authorization", "Bearer " + RunningApi.READER).GET());
      HttpResponse<String> upperAgain = api.send(api.request("/api/admin/users/424242/")
          .setHeader("Authorization", "Bearer " + RunningApi.READER.toUpperCase(java.util.Locale.ROOT)).GET());

      assertThat(upper.statusCode()).isEqualTo(401);
      assertThat(exact.statusCode()).isEqualTo(404);
      assertThat(upperAgain.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "BeArEr"})
    void the_scheme_is_case_insensitive(String scheme) {
      HttpResponse<String> response = api.send(api.request("/api/admin/users/1/")
          .setHeader("Authorization", scheme + " " + RunningApi.READER).GET());

      assertThat(response.statusCode()).isNotIn(401, 403);
    }

    @Test
    void creating_needs_users_write_or_admin_write() {
      for (String token : new String[] {RunningApi.READER, RunningApi.ADMIN_READER, RunningApi.NO_SCOPES}) {
        HttpResponse<String> response = api.send(postWithout("Authorization")
            .header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).as(token).isEqualTo(403);
        assertThat(body(response))
            .isEqualTo(Map.of("detail", "You do not have permission to perform this action."));
      }
    }

    @Test
    void admin_write_may_create() {
      try (RunningApi admin = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
          ApiSettings.builder().token("admin", "admin:write").requestsPerSecond(0)
              .shutdownQuiet(Duration.ofMillis(100)).build())) {
        HttpResponse<String> response = admin.send(admin.bare("/api/admin/users/")
            .header("Authorization", "Bearer admin").header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(VALID)));

        assertThat(response.statusCode()).isEqualTo(201);
      }
    }

    @Test
    void reading_needs_any_users_or_admin_scope() {
      for (String token : new String[] {RunningApi.WRITER, RunningApi.READER, RunningApi.ADMIN_READER}) {
        HttpResponse<String> response = api.send(api.request("/api/admin/users/999999/")
            .setHeader("Authorization", "Bearer " + token).GET());

        assertThat(response.statusCode()).as(token).isEqualTo(404);
      }
      HttpResponse<String> scopeless = api.send(api.request("/api/admin/users/1/")
          .setHeader("Authorization", "Bearer " + RunningApi.NO_SCOPES).GET());
      assertThat(scopeless.statusCode()).isEqualTo(403);
    }
  }

  @Nested
  class Version {

    @Test
    void absent_means_unstable() {
      HttpResponse<String> response = api.send(postWithout("nothing").header("Content-Type", "application/json"));

      assertThat(response.statusCode()).isNotEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01", "Unstable", "stable"})
    void any_other_value_is_400(String version) {
      HttpResponse<String> response = api.send(api.request("/api/admin/users/1/")
          .setHeader("X-29next-API-Version", version).GET());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(
          Map.of("detail", "Unsupported API version \"" + version + "\". Supported versions: unstable."));
      assertThat(response.headers().firstValue("X-29next-API-Version")).hasValue("unstable");
    }

    @Test
    void the_header_name_is_case_insensitive() {
      HttpResponse<String> response = api.send(api.bare("/api/admin/users/1/")
          .header("Authorization", "Bearer " + RunningApi.READER)
          .header("x-29NEXT-api-version", "nope").GET());

      assertThat(response.statusCode()).isEqualTo(400);
    }
  }

  @Nested
  class MediaTypeAndSize {

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "text/plain; charset=utf-8", "application/jsonx"})
    void another_media_type_is_415(String contentType) {
      HttpResponse<String> response = api.post(contentType, BodyPublishers.ofString(VALID));

      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(body(response)).isEqualTo(
          Map.of("detail", "Unsupported media type \"" + contentType + "\" in request."));
    }

    @Test
    void a_missing_media_type_is_415_with_the_empty_type() {
      HttpResponse<String> response = api.send(postWithout("Content-Type"));

      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(body(response)).isEqualTo(Map.of("detail", "Unsupported media type \"\" in request."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON"})
    void json_media_type_parameters_and_case_do_not_matter(String contentType) {
      HttpResponse<String> response =
          api.post(contentType, BodyPublishers.ofString("{\"email\": \"media-" + contentType.length() + "@example.com\"}"));

      assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void a_body_over_one_mebibyte_is_413_and_the_server_keeps_serving() {
      String email = "{\"email\": \"big@example.com\", \"user_agent\": \"";
      char[] padding = new char[2 * 1024 * 1024];
      Arrays.fill(padding, 'a');
      int before = repository.size();

      HttpResponse<String> response = api.postJson(email + new String(padding) + "\"}");

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(body(response)).isEqualTo(Map.of("detail", "Request body is too large."));
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
      assertThat(repository.size()).isEqualTo(before);
      HttpResponse<String> next = api.postJson("{\"email\": \"after-big@example.com\"}");
      assertThat(next.statusCode()).isEqualTo(201);
    }

    @Test
    void a_client_that_expects_100_continue_hears_413_instead() throws IOException {
      // Raw, because the JDK 17 client's own Expect handling is unreliable.
      try (Socket socket = new Socket(api.uri("/").getHost(), api.uri("/").getPort())) {
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("POST /api/admin/users/ HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer " + RunningApi.WRITER + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + (2 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        byte[] head = new byte[12];
        int read = socket.getInputStream().readNBytes(head, 0, head.length);

        assertThat(new String(head, 0, read, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 413");
      }
      assertThat(api.postJson("{\"email\": \"after-expect@example.com\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void a_huge_body_does_not_harm_the_server() {
      byte[] huge = new byte[24 * 1024 * 1024];
      Arrays.fill(huge, (byte) ' ');

      try {
        HttpResponse<String> response = api.post("application/json", BodyPublishers.ofByteArray(huge));
        assertThat(response.statusCode()).isEqualTo(413);
      } catch (java.io.UncheckedIOException closedWhileSending) {
        // Past a bound the server stops reading and closes; the client may then miss the 413. Acceptable.
      }

      assertThat(api.postJson("{\"email\": \"after-huge@example.com\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void a_body_of_unknown_length_over_the_limit_is_413_too() {
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      // An InputStream publisher has no known length: the body arrives chunked.
      HttpResponse<String> response = api.post("application/json", BodyPublishers.ofInputStream(
          () -> new java.io.SequenceInputStream(java.util.Collections.enumeration(
              java.util.Collections.nCopies(20, chunk).stream().map(java.io.ByteArrayInputStream::new).toList()))));

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(api.postJson("{\"email\": \"after-chunked@example.com\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void a_body_just_under_the_limit_is_read() {
      String start = "{\"email\": \"limit@example.com\", \"user_agent\": \"";
      String end = "\"}";
      char[] padding = new char[ApiSettings.DEFAULT_MAX_BODY_BYTES - start.length() - end.length()];
      Arrays.fill(padding, 'a');

      HttpResponse<String> response = api.postJson(start + new String(padding) + end);

      assertThat(response.statusCode()).isEqualTo(201);
    }
  }

  @Nested
  class Order {

    @Test
    void authentication_comes_before_the_version() {
      HttpResponse<String> response = api.send(postWithout("Authorization").header("X-29next-API-Version", "x"));

      assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void the_scope_comes_before_the_version() {
      HttpResponse<String> response = api.send(postWithout("Authorization")
          .header("Authorization", "Bearer " + RunningApi.READER).header("X-29next-API-Version", "x"));

      assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void the_version_comes_before_the_media_type() {
      HttpResponse<String> response = api.send(postWithout("Content-Type").header("X-29next-API-Version", "x"));

      assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void the_media_type_comes_before_the_body_size() {
      char[] big = new char[2 * 1024 * 1024];
      Arrays.fill(big, 'a');

      HttpResponse<String> response = api.post("text/plain", BodyPublishers.ofString(new String(big)));

      assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void authentication_comes_before_the_method_check() {
      HttpResponse<String> response = api.send(api.bare("/api/admin/users/").PUT(BodyPublishers.noBody()));

      assertThat(response.statusCode()).isEqualTo(401);
    }
  }

  @Nested
  class RateLimit {

    @Test
    void over_the_limit_is_429_with_retry_after() {
      try (RunningApi limited = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
          RunningApi.settings().requestsPerSecond(1).build())) {
        HttpResponse<String> throttled = null;
        // One request per second is allowed; a handful back to back cannot all fit.
        for (int i = 0; i < 10 && throttled == null; i++) {
          HttpResponse<String> response = limited.get("/api/admin/users/1/");
          if (response.statusCode() == 429) {
            throttled = response;
          }
        }

        assertThat(throttled).isNotNull();
        assertThat(body(throttled))
            .isEqualTo(Map.of("detail", "Request was throttled. Expected available in 1 second."));
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
      }
    }

    @Test
    void the_limit_is_per_token() {
      try (RunningApi limited = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
          RunningApi.settings().requestsPerSecond(1).build())) {
        for (int i = 0; i < 10; i++) {
          limited.get("/api/admin/users/1/");
        }

        HttpResponse<String> other = limited.send(limited.request("/api/admin/users/1/")
            .setHeader("Authorization", "Bearer " + RunningApi.READER).GET());

        assertThat(other.statusCode()).isEqualTo(404);
      }
    }

    @Test
    void a_shared_limit_decides_and_is_given_only_a_slow_hash_of_the_token() throws Exception {
      List<byte[]> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (RunningApi shared = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
          RunningApi.settings().requestsPerSecond(1).sharedRateLimit((hash, perSecond) -> {
            asked.add(hash);
            return perSecond == 1;
          }).build())) {
        for (int i = 0; i < 10; i++) {
          assertThat(shared.get("/api/admin/users/1/").statusCode()).as("admitted by the shared limit")
              .isEqualTo(404);
        }
      }
      byte[] sha256 = TokenGrant.sha256(RunningApi.WRITER);
      byte[] slow = new TokenGrant(sha256, java.util.Set.of()).atRest();
      assertThat(slow).hasSize(32).isNotEqualTo(sha256);
      assertThat(asked).hasSize(10).allSatisfy(sent -> assertThat(sent).isEqualTo(slow));
    }

    @Test
    void zero_turns_it_off() {
      for (int i = 0; i < 30; i++) {
        assertThat(api.get("/api/admin/users/1/").statusCode()).isNotEqualTo(429);
      }
    }

    @Test
    void the_default_is_four_per_second() {
      assertThat(ApiSettings.builder().build().requestsPerSecond()).isEqualTo(4);
    }

    @Test
    void the_version_is_checked_before_the_rate_limit() {
      try (RunningApi limited = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
          RunningApi.settings().requestsPerSecond(1).build())) {
        for (int i = 0; i < 10; i++) {
          HttpResponse<String> response = limited.send(limited.request("/api/admin/users/1/")
              .setHeader("X-29next-API-Version", "old").GET());
          assertThat(response.statusCode()).isEqualTo(400);
        }
      }
    }
  }

  @Nested
  class EveryResponse {

    @Test
    void carries_the_version_request_id_and_nosniff() {
      for (HttpResponse<String> response : List.of(
          api.postJson("{\"email\": \"headers@example.com\"}"),
          api.postJson("{}"),
          api.get("/api/admin/users/424242/"),
          api.send(api.bare("/nowhere").GET()),
          api.send(api.bare("/health").GET()),
          api.send(postWithout("Authorization")))) {
        assertThat(response.headers().firstValue("X-29next-API-Version")).as(response.uri().toString())
            .hasValue("unstable");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/json"));
      }
    }

    @Test
    void personal_data_is_not_cached() {
      HttpResponse<String> created = api.postJson("{\"email\": \"nocache@example.com\"}");

      assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(api.get(created.headers().firstValue("Location").orElseThrow()).headers()
          .firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void echoes_a_sane_request_id() {
      HttpResponse<String> response = api.send(api.request("/api/admin/users/1/")
          .header("X-Request-Id", "abc-123_DEF.7").GET());

      assertThat(response.headers().firstValue("X-Request-Id")).hasValue("abc-123_DEF.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "semi;colon", "a/b", "x"})
    void replaces_an_insane_request_id_with_a_uuid(String sent) {
      String id = sent.equals("x") ? "x".repeat(129) : sent;

      HttpResponse<String> response = api.send(api.request("/api/admin/users/1/").header("X-Request-Id", id).GET());

      assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(
          value -> assertThat(value).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    void echoes_request_ids_exactly_even_on_a_reused_connection() {
      String lower = api.send(api.request("/api/admin/users/1/").header("X-Request-Id", "trace-abc").GET())
          .headers().firstValue("X-Request-Id").orElseThrow();
      String upper = api.send(api.request("/api/admin/users/1/").header("X-Request-Id", "TRACE-ABC").GET())
          .headers().firstValue("X-Request-Id").orElseThrow();

      assertThat(lower).isEqualTo("trace-abc");
      assertThat(upper).isEqualTo("TRACE-ABC");
    }

    @Test
    void makes_a_fresh_request_id_when_none_is_sent() {
      String first = api.get("/api/admin/users/1/").headers().firstValue("X-Request-Id").orElseThrow();
      String second = api.get("/api/admin/users/1/").headers().firstValue("X-Request-Id").orElseThrow();

      assertThat(first).isNotEqualTo(second);
    }
  }
}
