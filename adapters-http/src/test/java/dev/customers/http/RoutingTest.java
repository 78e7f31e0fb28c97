package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which paths and methods answer: 404, 405 with Allow, OPTIONS, HEAD, the trailing slash. */
class RoutingTest {

  private static RunningApi api;

  @BeforeAll
  static void start() {
    api = RunningApi.start(new InMemoryCustomerRepository());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/nowhere", "/api/admin/", "/api/admin/users/1/addresses/", "/api/admin/customers/",
      "/API/ADMIN/USERS/"})
  void an_unknown_path_is_404(String path) {
    HttpResponse<String> response = api.get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(body(response)).isEqualTo(Map.of("detail", "Not found."));
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void an_unknown_path_is_404_without_a_token_too() {
    HttpResponse<String> response = api.send(api.bare("/nowhere").POST(BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(body(response)).isEqualTo(Map.of("detail", "Not found."));
  }

  @Test
  void both_operations_answer_without_the_trailing_slash() {
    HttpResponse<String> created = api.send(api.request("/api/admin/users")
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"email\": \"slash@example.com\"}")));
    assertThat(created.statusCode()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> read = api.get(location.substring(0, location.length() - 1));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(body(read).get("email")).isEqualTo("slash@example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
  void another_method_on_the_collection_is_405_with_allow(String method) {
    HttpResponse<String> response = api.send(api.request("/api/admin/users/")
        .header("Content-Type", "application/json").method(method, BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(body(response)).isEqualTo(Map.of("detail", "Method \"" + method + "\" not allowed."));
    assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void another_method_on_an_item_is_405_with_allow(String method) {
    HttpResponse<String> response = api.send(api.request("/api/admin/users/1/")
        .header("Content-Type", "application/json").method(method, BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(body(response)).isEqualTo(Map.of("detail", "Method \"" + method + "\" not allowed."));
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  @Test
  void get_on_the_collection_is_405() {
    HttpResponse<String> response = api.get("/api/admin/users/");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(body(response)).isEqualTo(Map.of("detail", "Method \"GET\" not allowed."));
  }

  @Test
  void head_on_the_collection_is_405_without_a_body() {
    HttpResponse<String> response = api.send(api.request("/api/admin/users/").method("HEAD", BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void options_answers_204_with_allow_for_a_valid_token() {
    HttpResponse<String> collection = api.send(api.request("/api/admin/users/")
        .method("OPTIONS", BodyPublishers.noBody()));
    HttpResponse<String> item = api.send(api.request("/api/admin/users/1/").method("OPTIONS", BodyPublishers.noBody()));

    assertThat(collection.statusCode()).isEqualTo(204);
    assertThat(collection.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(item.statusCode()).isEqualTo(204);
    assertThat(item.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  @Test
  void options_on_the_api_needs_a_token() {
    HttpResponse<String> response = api.send(api.bare("/api/admin/users/").method("OPTIONS", BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void head_on_an_item_answers_as_get_without_a_body() {
    HttpResponse<String> created = api.postJson("{\"email\": \"head@example.com\"}");
    String location = created.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> head = api.send(api.request(location).method("HEAD", BodyPublishers.noBody()));
    HttpResponse<String> unauthenticated = api.send(api.bare(location).method("HEAD", BodyPublishers.noBody()));

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("Content-Length"))
        .hasValue(created.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
  }

  @Test
  void what_jetty_refuses_itself_is_json_with_the_usual_headers() throws IOException {
    String badUri = raw("GET /api/admin/users/%zz/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    String hugeHeader = raw("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
        + "\r\nConnection: close\r\n\r\n");

    assertThat(badUri).startsWith("HTTP/1.1 400 ").contains("X-Request-Id: ", "X-29next-API-Version: unstable",
        "Content-Type: application/json").endsWith("{\"detail\":\"Bad Request.\"}");
    assertThat(hugeHeader).startsWith("HTTP/1.1 431 ").contains("X-Request-Id: ", "Content-Type: application/json")
        .endsWith("{\"detail\":\"Request Header Fields Too Large.\"}");
  }

  @Test
  void a_broken_chunked_body_is_the_clients_error() throws IOException {
    String response = raw("POST /api/admin/users/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + RunningApi.WRITER + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "ZZ\r\n{}\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 ").contains("X-Request-Id: ").endsWith("{\"detail\":\"Bad Request.\"}");
  }

  /** A request the JDK's client would refuse to send. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket(api.uri("/").getHost(), api.uri("/").getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void the_public_paths_answer_other_methods_with_405() {
    HttpResponse<String> response = api.send(api.bare("/health").POST(BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }
}
