package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root end to end: environment, JDBI on an H2 file, the domain and HTTP. */
class CustomersServerTest {

  private static final String TOKEN = "e2e-token";

  @TempDir
  Path data;

  private ServerSettings settings(String databaseUrl) {
    return TestSettings.server().h2(databaseUrl).token(TOKEN, "users:read", "users:write").build();
  }

  private String h2File() {
    return "jdbc:h2:file:" + data.resolve("customers").toAbsolutePath();
  }

  @Test
  void creates_reads_back_and_refuses_a_taken_email() {
    try (CustomersServer server = CustomersServer.start(settings(h2File()), quiet())) {
      ServerClient client = new ServerClient(server.port(), TOKEN);

      HttpResponse<String> created = client.create("{\"email\": \"user@example.com\", \"tags\": [\"vip\"],"
          + " \"addresses\": [{\"country\": \"de\", \"line1\": \"Hauptstr. 1\", \"line4\": \"Berlin\"}]}");
      HttpResponse<String> read = client.get(created.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> taken = client.create("{\"email\": \"USER@example.com\"}");

      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(created.body());
      assertThat(taken.statusCode()).isEqualTo(400);
      assertThat(taken.body()).isEqualTo("{\"email\":[\"user with this email already exists.\"]}");
      assertThat(ServerClient.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + server.port() + "/health"))).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metrics_show_what_a_dashboard_reads_requests_creates_the_pool_and_the_jvm() {
    ServerSettings settings = TestSettings.server().h2(h2File())
        .token(TOKEN, "users:read", "users:write").token("ops-token", "admin:read").build();
    try (CustomersServer server = CustomersServer.start(settings, quiet())) {
      ServerClient client = new ServerClient(server.port(), TOKEN);
      ServerClient operator = new ServerClient(server.port(), "ops-token");
      client.create("{\"email\": \"dash@example.com\"}");
      client.create("{\"email\": \"DASH@example.com\"}");

      HttpResponse<String> scraped = operator.get("/metrics");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!scraped.body().contains("customers_creates_refused_total{reason=\"email_taken\"} 1.0")
          && System.nanoTime() < deadline) {
        scraped = operator.get("/metrics");
      }

      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(client.get("/metrics").statusCode()).as("users:write is not admin:read").isEqualTo(403);
      assertThat(scraped.body().lines())
          .contains("customers_creates_total 1.0", "customers_creates_refused_total{reason=\"email_taken\"} 1.0")
          .anyMatch(line -> line.startsWith("http_server_requests_seconds_count{method=\"POST\",status=\"201\","
              + "uri=\"/api/admin/users/\"} 1"))
          .anyMatch(line -> line.startsWith("hikaricp_connections_active{pool=\"customers\"}"))
          .anyMatch(line -> line.startsWith("hikaricp_connections_pending{pool=\"customers\"}"))
          .anyMatch(line -> line.startsWith("hikaricp_connections_acquire_seconds_count{pool=\"customers\"}"))
          .anyMatch(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
          .anyMatch(line -> line.startsWith("jvm_threads_live_threads"))
          .anyMatch(line -> line.startsWith("jvm_gc_"));
    }
  }

  @Test
  void data_survives_a_restart_on_an_h2_file() {
    ServerSettings settings = settings(h2File());
    String location;
    String body;
    try (CustomersServer server = CustomersServer.start(settings, quiet())) {
      HttpResponse<String> created = new ServerClient(server.port(), TOKEN).create("{\"email\": \"kept@example.com\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      location = created.headers().firstValue("Location").orElseThrow();
      body = created.body();
    }

    try (CustomersServer server = CustomersServer.start(settings(h2File()), quiet())) {
      ServerClient client = new ServerClient(server.port(), TOKEN);

      HttpResponse<String> read = client.get(location);

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(body);
      assertThat(client.create("{\"email\": \"kept@example.com\"}").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void a_generated_token_is_printed_once_to_standard_error_and_works() {
    Map<String, String> environment = new HashMap<>();
    environment.put("CUSTOMERS_PORT", Integer.toString(freePort()));
    environment.put("CUSTOMERS_DB_URL", h2File());
    environment.put("CUSTOMERS_SHUTDOWN_DRAIN", "0");
    environment.put("CUSTOMERS_SHUTDOWN_QUIET", "PT0.1S");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    try (CustomersServer server = CustomersServer.start(ServerSettings.from(environment),
        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8))) {
      String output = printed.toString(StandardCharsets.UTF_8);
      String error = errors.toString(StandardCharsets.UTF_8);
      Matcher token = Pattern.compile("Authorization: Bearer (\\S+)").matcher(error);
      assertThat(token.find()).as(error).isTrue();
      String printedToken = token.group(1);
      assertThat(token.find()).as("printed once").isFalse();
      // Standard output is the access log's stream, which log shippers collect.
      assertThat(output).contains("customers listening on http://127.0.0.1:" + server.port())
          .doesNotContain(printedToken);

      HttpResponse<String> created = new ServerClient(server.port(), printedToken)
          .create("{\"email\": \"user@example.com\"}");

      assertThat(created.statusCode()).isEqualTo(201);
    }
  }

  /** Whatever the umask: the database's directory 0700 from the start, its files 0600 once open. */
  @Test
  void the_database_directory_and_files_are_owner_only() throws Exception {
    Path directory = data.resolve("new").resolve("data");
    String url = "jdbc:h2:file:" + directory.resolve("customers");

    try (CustomersServer server = CustomersServer.start(settings(url), quiet())) {
      assertThat(new ServerClient(server.port(), TOKEN).create("{\"email\": \"private@example.com\"}").statusCode())
          .isEqualTo(201);
      assertThat(mode(directory)).isEqualTo("rwx------");
      assertThat(mode(directory.getParent())).isEqualTo("rwx------");
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
        assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as(file.toString())
            .isEqualTo("rw-------"));
      }
    }
  }

  @Test
  void an_existing_database_file_readable_by_others_is_warned_about_and_made_owner_only() throws Exception {
    String url = h2File();
    try (CustomersServer server = CustomersServer.start(settings(url), quiet())) {
      assertThat(server.port()).isPositive();
    }
    // As an earlier release left them, under the usual umask.
    Path file = data.resolve("customers.mv.db");
    java.nio.file.Files.setPosixFilePermissions(file,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    java.nio.file.Files.setPosixFilePermissions(data,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    try (CustomersServer server = CustomersServer.start(settings(url), quiet(),
        new PrintStream(errors, true, StandardCharsets.UTF_8))) {
      assertThat(errors.toString(StandardCharsets.UTF_8))
          .contains("customers: warning: the database's directory " + data.toAbsolutePath().normalize()
              + " is readable by other users (rwxr-xr-x)")
          .contains("customers: warning: the database file " + file + " was readable by other users (rw-r--r--)");
      assertThat(mode(file)).isEqualTo("rw-------");
    }
  }

  private static String mode(Path path) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
