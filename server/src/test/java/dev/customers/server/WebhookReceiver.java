package dev.customers.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A webhook endpoint on 127.0.0.1 for tests: checks every request's signature with {@link SignatureVerifier} (its
 * own implementation of the specification, not the server's), records it, and answers as its {@link Answer} says.
 * Notes every webhook-id that arrives while an earlier request with the same id and path is still being answered.
 */
final class WebhookReceiver implements AutoCloseable {

  /** What to answer; may block to hold the request. */
  @FunctionalInterface
  interface Answer {
    /** The status for the {@code attempt}-th request (from 1) with this webhook-id on this path. */
    int status(String webhookId, int attempt) throws InterruptedException;
  }

  /** One request as received, and what was answered. */
  record Delivery(String path, String id, String timestamp, String contentType, String authorization, byte[] body,
      boolean validSignature, int status) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "webhook-receiver");
    thread.setDaemon(true);
    return thread;
  });
  private final String secret;
  private final Answer answer;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> overlapping = ConcurrentHashMap.newKeySet();

  private WebhookReceiver(int port, String secret, Answer answer) throws IOException {
    this.secret = secret;
    this.answer = answer;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** On a free port. */
  static WebhookReceiver start(String secret, Answer answer) {
    return startOn(0, secret, answer);
  }

  static WebhookReceiver startOn(int port, String secret, Answer answer) {
    try {
      return new WebhookReceiver(port, secret, answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers 204 to everything. */
  static Answer accepting() {
    return (id, attempt) -> 204;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String path = exchange.getRequestURI().getPath();
    String id = header(exchange, "webhook-id");
    String timestamp = header(exchange, "webhook-timestamp");
    String signature = header(exchange, "webhook-signature");
    boolean valid = verify(id, timestamp, signature, body);
    String key = path + " " + id;
    if (!inFlight.add(key)) {
      overlapping.add(id);
    }
    int status = 500;
    try {
      status = answer.status(id, attempts.merge(key, 1, Integer::sum));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.remove(key);
      deliveries.add(new Delivery(path, id, timestamp, header(exchange, "Content-Type"),
          header(exchange, "Authorization"), body, valid, status));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    }
  }

  private boolean verify(String id, String timestamp, String signature, byte[] body) {
    if (id == null || timestamp == null || signature == null) {
      return false;
    }
    try {
      return SignatureVerifier.verify(secret, id, timestamp, signature, body, Instant.now());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(HttpExchange exchange, String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** Every request received, in the order answered. */
  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The webhook-ids answered 2xx. */
  Set<String> delivered() {
    return deliveries.stream().filter(delivery -> delivery.status() / 100 == 2).map(Delivery::id)
        .collect(Collectors.toSet());
  }

  List<Delivery> deliveriesOf(String id) {
    return deliveries.stream().filter(delivery -> id.equals(delivery.id())).toList();
  }

  /** The webhook-ids that arrived while an earlier request with the same id (and path) was still in flight. */
  Set<String> overlapping() {
    return Set.copyOf(overlapping);
  }

  /** How many requests are being answered right now. */
  int held() {
    return inFlight.size();
  }

  /** Closes the port; requests still held are interrupted. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
