package dev.customers.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.jdbi.JdbiCustomerRepository;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The customers contract on its paths, and the shop's own routes and 404 as the shop wrote them. */
class ShopAppTest {

  private static final String TOKEN = "shop-test-token";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private JdbiCustomerRepository repository;
  private Javalin app;

  @BeforeEach
  void start() {
    // A database of its own for each test.
    repository = JdbiCustomerRepository.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    app = ShopApp.create(repository, TOKEN).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    repository.close();
  }

  @Test
  void a_customer_is_created_and_read_back() throws Exception {
    HttpResponse<String> created = postUser("Bearer " + TOKEN, "{\"email\": \"jane@example.com\"}");
    String location = created.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> read = send(HttpRequest.newBuilder(uri(location)).header("Authorization", "Bearer " + TOKEN));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(location).matches("/api/admin/users/[0-9]+/");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"email\":\"jane@example.com\"");
  }

  @Test
  void an_invalid_customer_is_400_with_errors_by_field() throws Exception {
    HttpResponse<String> response = postUser("Bearer " + TOKEN, "{\"first_name\": \"Jane\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"email\":[\"This field is required.\"]}");
  }

  @Test
  void a_request_without_a_token_is_401() throws Exception {
    HttpResponse<String> response = postUser(null, "{\"email\": \"jane@example.com\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");
  }

  @Test
  void an_unknown_customer_is_the_apis_404() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/admin/users/999/"))
        .header("Authorization", "Bearer " + TOKEN));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"detail\":\"Not found.\"}");
  }

  @Test
  void the_shops_own_routes_and_404_are_untouched() throws Exception {
    HttpResponse<String> hello = send(HttpRequest.newBuilder(uri("/hello")));
    HttpResponse<String> orders = send(HttpRequest.newBuilder(uri("/orders")));
    HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/nowhere")));

    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("Hello from the shop");
    assertThat(hello.headers().firstValue("X-Request-Id")).isEmpty();
    assertThat(orders.body()).isEqualTo("[{\"id\":1,\"total\":\"9.99\"}]");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"error\":\"No such page in this shop\"}");
  }

  private HttpResponse<String> postUser(String authorization, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/admin/users/"))
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.build(), BodyHandlers.ofString());
  }
}
