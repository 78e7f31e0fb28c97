package dev.customers.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole app a host wires itself: creates, its webhook, its metrics. */
class WholeAppTest {

  private static final String TOKEN = "whole-app-test-token";
  private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void a_create_is_answered_posted_to_the_webhook_and_counted() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
    try (WholeApp app = WholeApp.start("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", TOKEN,
        List.of(hook), SECRET, 0)) {
      HttpResponse<String> created = send(app, "/api/admin/users/", "{\"email\": \"jane@example.com\"}");
      String event = received.poll(10, TimeUnit.SECONDS);
      HttpResponse<String> metrics = send(app, "/metrics", null);

      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(event).contains("\"event_type\":\"customer.created\"").contains("jane@example.com");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("http_server_requests_seconds").contains("hikaricp_connections");
    } finally {
      receiver.stop(0);
    }
  }

  private static HttpResponse<String> send(WholeApp app, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .header("Authorization", "Bearer " + TOKEN);
    if (json != null) {
      request.header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
    }
    return CLIENT.send(request.build(), BodyHandlers.ofString());
  }
}
