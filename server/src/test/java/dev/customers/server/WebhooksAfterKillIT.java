package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customers.server.WebhookReceiver.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's promise under a crash: the real server in a child JVM, on an H2 file, with webhooks to a receiver
 * that checks every signature, takes creates from four threads and is killed with SIGKILL twice in the middle of
 * them, then started once more. Every customer answered 201 must then be delivered, at least once, under one
 * webhook-id. Events the killed server had claimed wait for their lease to end (a minute), so this takes about
 * a minute and a half.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WebhooksAfterKillIT {

  private static final String TOKEN = "kill-test-token";
  private static final int LOAD_THREADS = 4;
  private static final int KILLS = 2;
  private static final long LOAD_MILLIS_BEFORE_EACH_KILL = 6_000;
  /** The lease of the events a killed server had claimed (a minute), and a margin for a slow machine. */
  private static final Duration DELIVERY_PATIENCE = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void every_create_answered_201_is_delivered_after_kill_9_and_a_restart() throws Exception {
    Set<Long> answered = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    int port = CustomersServerTest.freePort();
    try (WebhookReceiver receiver = WebhookReceiver.start(WebhooksTest.SECRET, WebhookReceiver.accepting())) {
      Map<String, String> environment = Map.of(
          "CUSTOMERS_HOST", "127.0.0.1",
          "CUSTOMERS_PORT", Integer.toString(port),
          "CUSTOMERS_DB_URL", "jdbc:h2:file:" + directory.resolve("customers").toAbsolutePath(),
          "CUSTOMERS_TOKENS", TOKEN + "=users:read users:write",
          "CUSTOMERS_RATE_LIMIT", "0",
          "CUSTOMERS_WEBHOOK_URLS", receiver.uri("/hooks").toString(),
          "CUSTOMERS_WEBHOOK_SECRET", WebhooksTest.SECRET,
          "CUSTOMERS_SHUTDOWN_DRAIN", "0");
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < LOAD_THREADS; t++) {
        int thread = t;
        load.add(new Thread(() -> createUntil(stop, port, thread, answered), "kill-test-load-" + t));
      }
      Process server = ChildServer.startHealthy(environment, port, directory.resolve("server.log"));
      load.forEach(Thread::start);
      for (int kill = 0; kill < KILLS; kill++) {
        Thread.sleep(LOAD_MILLIS_BEFORE_EACH_KILL);
        server.destroyForcibly();   // SIGKILL on Linux and macOS
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        server = ChildServer.startHealthy(environment, port, directory.resolve("server.log"));
      }
      Thread.sleep(1_000);
      stop.set(true);
      for (Thread thread : load) {
        thread.join();
      }
      try {
        Map<Long, Set<String>> eventIds = awaitDeliveries(receiver, answered);
        System.out.println("Webhooks after " + KILLS + " kills: answered=" + answered.size() + " delivered="
            + answered.stream().filter(eventIds::containsKey).count() + " deliveries=" + receiver.deliveries().size());

        assertThat(answered).as("creates answered 201 around the kills").hasSizeGreaterThan(50);
        assertThat(answered).as("customers answered 201 but never delivered")
            .allMatch(eventIds::containsKey);
        assertThat(eventIds.values()).as("webhook-ids per customer").allMatch(ids -> ids.size() == 1);
        assertThat(receiver.deliveries()).as("deliveries with a bad signature")
            .allMatch(Delivery::validSignature);
      } finally {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Creates customers one after another until told to stop; notes the id of each one answered 201. */
  private void createUntil(AtomicBoolean stop, int port, int thread, Set<Long> answered) {
    for (int n = 0; !stop.get(); n++) {
      HttpRequest create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/users/"))
          .timeout(Duration.ofSeconds(20))
          .header("Authorization", "Bearer " + TOKEN)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"kill-" + thread + "-" + n + "@example.com\","
              + " \"tags\": [\"a\", \"b\"], \"addresses\": [{\"country\": \"DE\", \"line1\": \"Hauptstr. 1\","
              + " \"line4\": \"Berlin\"}]}"))
          .build();
      try {
        HttpResponse<String> response = client.send(create, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
          answered.add(JSON.readTree(response.body()).get("id").asLong());
        }
      } catch (IOException downOrKilledMidRequest) {
        // Nothing was promised for this one; wait for the server to come back.
        pause();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The webhook-ids delivered (2xx) per customer id, once every answered customer is among them or time is up. */
  private static Map<Long, Set<String>> awaitDeliveries(WebhookReceiver receiver, Set<Long> answered)
      throws Exception {
    long deadline = System.nanoTime() + DELIVERY_PATIENCE.toNanos();
    while (true) {
      Map<Long, Set<String>> eventIds = new HashMap<>();
      for (Delivery delivery : receiver.deliveries()) {
        if (delivery.status() / 100 == 2) {
          JsonNode body = JSON.readTree(delivery.body());
          eventIds.computeIfAbsent(body.get("data").get("id").asLong(), id -> new HashSet<>()).add(delivery.id());
        }
      }
      if (eventIds.keySet().containsAll(answered) || System.nanoTime() > deadline) {
        return eventIds;
      }
      Thread.sleep(200);
    }
  }
}
