package dev.customers.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.customers.http.ApiSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets and headers: what the server writes to its log in a full run (the real main, its own logging), how it
 * compares tokens, and the headers of every response that may carry personal data.
 */
class ReliabilitySecretsIT {

  private static final String TOKEN = "tok-9f3c1e7a5b2d4c6e8f0a";
  private static final String WRONG_TOKEN = "tok-wrong-1a2b3c4d5e6f";
  /** Every piece of personal data the run sends; none may reach the log. */
  private static final List<String> PERSONAL = List.of("jane.secret", "Janeforename", "Doesurname",
      "+14155552671", "415 555 2671", "Secretstrasse 42", "Geheimstadt", "secret-meta-value", "SecretAgent/1.0",
      "203.0.113.77", "secret-tag", "postcode-98765", "Bobforename", "Carolforename", "Davesurname");

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  Path data;

  @ParameterizedTest
  @ValueSource(strings = {"plain", "json"})
  void a_full_run_of_the_server_logs_each_request_and_no_token_and_no_personal_data(String logFormat)
      throws Exception {
    int port = CustomersServerTest.freePort();
    ProcessBuilder launch = ChildServer.command(Map.of());
    launch.environment().put("CUSTOMERS_PORT", Integer.toString(port));
    launch.environment().put("CUSTOMERS_DB_URL", "jdbc:h2:file:" + data.resolve("customers").toAbsolutePath());
    launch.environment().put("CUSTOMERS_TOKENS", TOKEN + "=users:read users:write, " + "ro-" + TOKEN
        + "=users:read");
    launch.environment().put("CUSTOMERS_RATE_LIMIT", "0");
    launch.environment().put("CUSTOMERS_LOG_FORMAT", logFormat);
    launch.environment().put("CUSTOMERS_SHUTDOWN_DRAIN", "0");
    // To a file, not a pipe: a pipe read while the process exits can end in "Stream closed" and lose the tail.
    Path logFile = data.resolve("server-" + logFormat + ".log");
    launch.redirectOutput(logFile.toFile());
    Process server = launch.start();
    List<Integer> statuses = new ArrayList<>();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      awaitHealthy(base);

      String customer = "{\"email\": \"jane.secret@example.com\", \"first_name\": \"Janeforename\","
          + " \"last_name\": \"Doesurname\", \"phone_number\": \"+1 415 555 2671\", \"ip\": \"203.0.113.77\","
          + " \"user_agent\": \"SecretAgent/1.0\", \"metadata\": {\"note\": \"secret-meta-value\"},"
          + " \"tags\": [\"secret-tag\"], \"addresses\": [{\"country\": \"DE\", \"line1\": \"Secretstrasse 42\","
          + " \"line4\": \"Geheimstadt\", \"postcode\": \"postcode-98765\"}]}";
      HttpResponse<String> created = send(post(base, TOKEN, "application/json", customer));
      statuses.add(created.statusCode());
      statuses.add(send(authorized(base.resolve(created.headers().firstValue("Location").orElseThrow()), TOKEN)
          .GET()).statusCode());
      statuses.add(send(post(base, TOKEN, "application/json", customer)).statusCode());
      statuses.add(send(post(base, TOKEN, "application/json",
          "{\"email\": \"jane.secret@\", \"first_name\": 42, \"language\": \"Bobforename\","
              + " \"phone_number\": \"415 555 2671\", \"addresses\": [{\"country\": \"Geheimstadt\"}]}")).statusCode());
      statuses.add(send(post(base, TOKEN, "application/json",
          "{\"email\": \"jane.secret@example.com\", \"first_name\": \"Carolforename\"")).statusCode());
      statuses.add(send(post(base, TOKEN, "application/json",
          "{\"email\": \"jane.secret@example.com\", \"email\": \"Davesurname\"}")).statusCode());
      statuses.add(send(post(base, TOKEN, "application/x-www-form-urlencoded",
          "email=jane.secret%40example.org&first_name=Bobforename&metadata=%7Bbroken")).statusCode());
      statuses.add(send(post(base, TOKEN, "multipart/form-data; boundary=b",
          "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\njane.secret@example.net\r\n--b--\r\n"))
          .statusCode());
      statuses.add(send(post(base, TOKEN, "text/plain", customer)).statusCode());
      statuses.add(send(post(base, WRONG_TOKEN, "application/json", customer)).statusCode());
      statuses.add(send(post(base, "ro-" + TOKEN, "application/json", customer)).statusCode());
      statuses.add(send(post(base, TOKEN, "application/json",
          "{\"email\": \"jane.secret@example.com\", \"user_agent\": \"" + "Doesurname".repeat(120_000) + "\"}"))
          .statusCode());
      statuses.add(send(authorized(base.resolve("/api/admin/users/jane.secret@example.com/"), TOKEN).GET())
          .statusCode());
      statuses.add(raw(port, "GET /api/admin/users/1/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
          + "x".repeat(9000) + "\r\n\r\n"));
      statuses.add(raw(port, "POST /api/admin/users/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "zz\r\n{\"email\": \"jane.secret@example.com\"}\r\n0\r\n\r\n"));
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    }

    String logged = Files.readString(logFile, StandardCharsets.UTF_8);
    assertThat(statuses).as("the run went through every kind of answer")
        .contains(201, 200, 400, 401, 403, 404, 413, 415, 431);
    assertThat(logged).as("the log was captured").contains("customers listening on");
    assertThat(logged).doesNotContain(TOKEN, WRONG_TOKEN);
    for (String personal : PERSONAL) {
      assertThat(logged).as("the log holds no personal data").doesNotContain(personal);
    }
    List<String> access = logged.lines().filter(line -> line.contains("access")).toList();
    List<String> expected = List.of("POST /api/admin/users/ 201", "GET /api/admin/users/1/ 200",
        "POST /api/admin/users/ 400", "POST /api/admin/users/ 415", "POST /api/admin/users/ 401",
        "POST /api/admin/users/ 403", "POST /api/admin/users/ 413", "GET /api/admin/users/*/ 404");
    if (logFormat.equals("json")) {
      List<String> seen = new ArrayList<>();
      for (String line : access) {
        JsonNode entry = new ObjectMapper().readTree(line);
        assertThat(entry.get("type").asText()).isEqualTo("access");
        assertThat(entry.get("duration_ms").isNumber()).as(line).isTrue();
        assertThat(entry.get("request_id").asText()).as(line).isNotBlank();
        assertThat(entry.get("time").asText()).as(line).isNotBlank();
        seen.add(entry.get("method").asText() + " " + entry.get("path").asText() + " " + entry.get("status"));
      }
      assertThat(seen).containsAll(expected);
    } else {
      for (String request : expected) {
        assertThat(access).as(request).anyMatch(line -> line.matches(
            "\\S+ access " + Pattern.quote(request) + " [0-9]+\\.[0-9]ms [A-Za-z0-9-]+"));
      }
    }
  }

  @Test
  void a_full_run_with_a_failing_webhook_logs_each_attempt_by_position_and_host_and_no_url_secret_or_personal_data()
      throws Exception {
    String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(
        "webhook-secret-never-logged-000".getBytes(StandardCharsets.US_ASCII));
    try (WebhookReceiver receiver = WebhookReceiver.start(secret, (id, attempt) -> 503)) {
      int port = CustomersServerTest.freePort();
      ProcessBuilder launch = ChildServer.command(Map.of());
      launch.environment().put("CUSTOMERS_PORT", Integer.toString(port));
      launch.environment().put("CUSTOMERS_DB_URL", "jdbc:h2:file:" + data.resolve("hooks").toAbsolutePath());
      launch.environment().put("CUSTOMERS_TOKENS", TOKEN + "=users:read users:write");
      launch.environment().put("CUSTOMERS_WEBHOOK_URLS", "http://hookuser:hookpassword@127.0.0.1:" + receiver.port()
          + "/hooks?token=hook-url-token");
      launch.environment().put("CUSTOMERS_WEBHOOK_SECRET", secret);
      launch.environment().put("CUSTOMERS_SHUTDOWN_DRAIN", "0");
        Path logFile = data.resolve("server-hooks.log");
      launch.redirectOutput(logFile.toFile());
      Process server = launch.start();
      try {
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitHealthy(base);
        String customer = "{\"email\": \"jane.secret@example.com\", \"first_name\": \"Janeforename\","
            + " \"last_name\": \"Doesurname\", \"phone_number\": \"+1 415 555 2671\", \"ip\": \"203.0.113.77\","
            + " \"user_agent\": \"SecretAgent/1.0\", \"metadata\": {\"note\": \"secret-meta-value\"},"
            + " \"tags\": [\"secret-tag\"], \"addresses\": [{\"country\": \"DE\", \"line1\": \"Secretstrasse 42\","
            + " \"line4\": \"Geheimstadt\", \"postcode\": \"postcode-98765\"}]}";
        assertThat(send(post(base, TOKEN, "application/json", customer)).statusCode()).isEqualTo(201);
        // The relay's line (System.Logger, through slf4j) follows the listener's; the standard first retry is 5 s.
        Await.until("the failed attempt logged", () -> {
          try {
            return Files.readString(logFile, StandardCharsets.UTF_8).contains("attempt 1 failed");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } finally {
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
      }

      String logged = Files.readString(logFile, StandardCharsets.UTF_8);
      assertThat(receiver.deliveries()).isNotEmpty().allMatch(WebhookReceiver.Delivery::validSignature);
      assertThat(logged.lines()).as(logged)
          .anyMatch(line -> line.matches("\\S+ \\[customers-event-relay-[0-9]+\\] INFO dev\\.customers\\.http\\.Webhooks"
              + " - customer\\.created event [0-9a-f-]{36}: webhook 1 \\(127\\.0\\.0\\.1\\) answered 503"))
          .anyMatch(line -> line.matches("\\S+ \\[customers-event-relay-[0-9]+\\] INFO dev\\.customers\\.domain"
              + "\\.events\\.EventRelay - customer\\.created event [0-9a-f-]{36} \\(customer [0-9]+\\): "
              + "attempt 1 failed \\(WebhookFailedException\\), next in .*"));
      assertThat(logged).doesNotContain(TOKEN, "hookuser", "hookpassword", "hook-url-token", "/hooks",
          secret.substring("whsec_".length()), Integer.toString(receiver.port()));
      for (String personal : PERSONAL) {
        assertThat(logged).as("the log holds no personal data").doesNotContain(personal);
      }
    }
  }

  @Test
  void tokens_are_kept_hashed_and_compared_in_constant_time() {
    JavaClasses adapter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.customers.http");

    classes().that().haveSimpleName("RequestChecks")
        .should().callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
        .because("a comparison that stops at the first differing byte tells how much of a guess was right")
        .check(adapter);
    noFields().that().areDeclaredIn(ApiSettings.class).or().areDeclaredInClassesThat().haveSimpleName("TokenGrant")
        .should().haveRawType(String.class).orShould().haveRawType(char[].class)
        .because("tokens are hashed as soon as they are added; the plain text is never kept")
        .check(adapter);
  }

  @Test
  void responses_that_may_carry_personal_data_are_not_stored_or_sniffed() throws Exception {
    int port = CustomersServerTest.freePort();
    ServerSettings settings = TestSettings.server().port(port)
        .h2("jdbc:h2:file:" + data.resolve("headers").toAbsolutePath()).token(TOKEN, "users:read", "users:write")
        .build();
    try (CustomersServer server = CustomersServer.start(settings, CustomersServerTest.quiet())) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<String> created = send(post(base, TOKEN, "application/json",
          "{\"email\": \"headers@example.com\", \"first_name\": \"Jane\"}"));
      List<HttpResponse<String>> answers = List.of(
          created,
          send(authorized(base.resolve(created.headers().firstValue("Location").orElseThrow()), TOKEN).GET()),
          send(authorized(base.resolve(created.headers().firstValue("Location").orElseThrow()), TOKEN)
              .method("HEAD", BodyPublishers.noBody())),
          send(post(base, TOKEN, "application/json", "{\"email\": \"not an email\", \"language\": \"Jane\"}")),
          send(post(base, TOKEN, "application/json", "{\"email\": \"headers@example.com\"}")),
          send(post(base, TOKEN, "application/json", "{\"email\": ")),
          send(post(base, WRONG_TOKEN, "application/json", "{}")),
          send(authorized(base.resolve("/api/admin/users/999/"), TOKEN).GET()));

      for (HttpResponse<String> answer : answers) {
        assertThat(answer.headers().firstValue("Cache-Control")).as(answer.toString()).hasValue("no-store");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(answer.toString()).hasValue("nosniff");
      }
      assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(201, 200, 200, 400, 400, 400, 401, 404);
      String jettyRefusal = rawAnswer(server.port(), "GET /api/admin/users/%zz/ HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(jettyRefusal).startsWith("HTTP/1.1 400").contains("Cache-Control: no-store")
          .contains("X-Content-Type-Options: nosniff");
    }
  }

  private static HttpRequest.Builder authorized(URI uri, String token) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
  }

  private static HttpRequest.Builder post(URI base, String token, String contentType, String body) {
    return authorized(base.resolve("/api/admin/users/"), token).header("Content-Type", contentType)
        .POST(BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.build(), BodyHandlers.ofString());
  }

  private static int raw(int port, String request) throws IOException {
    String answer = rawAnswer(port, request);
    return answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : -1;
  }

  private static String rawAnswer(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] head = new byte[4096];
      int read = socket.getInputStream().read(head);
      return read < 0 ? "" : new String(head, 0, read, StandardCharsets.ISO_8859_1);
    }
  }

  private static void awaitHealthy(URI base) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).GET())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server did not become healthy");
  }
}
