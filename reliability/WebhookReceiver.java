import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint for the reliability and load scripts, run as a single-file program with the server jar on the
 * class path (for Jackson):
 *
 * <pre>
 * receive --port P --secret whsec_... --out FILE   verifies each delivery's Standard Webhooks signature, answers 204
 *                                                 (401 to a bad signature), appends one line per delivery:
 *                                                 "webhook-id customer-id received-epoch-micros date_joined-epoch-micros"
 * check --acks FILE --hooks FILE --wait SECONDS   waits until every customer in the acks file (first field: its id)
 *       --engine E --kills K                      was delivered, then prints the verdict; exit 1 on FAIL
 * lag --hooks FILE [--skip N]                     p50 and p99 of received - date_joined, in milliseconds (of the
 *                                                 deliveries after the first N lines)
 * </pre>
 */
public class WebhookReceiver {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    switch (args.length == 0 ? "" : args[0]) {
      case "receive" -> receive(options);
      case "check" -> System.exit(check(options) ? 0 : 1);
      case "lag" -> System.out.println(lag(Path.of(options.get("hooks")),
          Integer.parseInt(options.getOrDefault("skip", "0"))));
      default -> {
        System.err.println("usage: WebhookReceiver receive|check|lag --option value ...");
        System.exit(2);
      }
    }
  }

  private static void receive(Map<String, String> options) throws IOException {
    byte[] key = Base64.getDecoder().decode(options.get("secret").substring("whsec_".length()));
    PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(options.get("out")), StandardCharsets.UTF_8));
    HttpServer server = HttpServer.create(
        new InetSocketAddress("127.0.0.1", Integer.parseInt(options.get("port"))), 256);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      long received = micros(Instant.now());
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
      String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
      boolean valid = id != null && timestamp != null && signatures != null
          && verify(key, id, timestamp, body, signatures);
      JsonNode data = valid ? JSON.readTree(body).path("data") : null;
      if (valid && data.path("id").isNumber() && data.path("date_joined").isTextual()) {
        synchronized (out) {
          out.println(id + " " + data.get("id").asLong() + " " + received + " "
              + micros(OffsetDateTime.parse(data.get("date_joined").asText()).toInstant()));
          out.flush();
        }
        exchange.sendResponseHeaders(204, -1);
      } else {
        System.err.println("bad delivery: id=" + id + " valid_signature=" + valid);
        exchange.sendResponseHeaders(401, -1);
      }
      exchange.close();
    });
    server.start();
  }

  /** The Standard Webhooks check: any "v1,<base64>" among the space-separated signatures matches. */
  private static boolean verify(byte[] key, String id, String timestamp, byte[] body, String signatures) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      for (String signature : signatures.split(" ")) {
        if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
            Base64.getDecoder().decode(signature.substring(3)))) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }

  private static boolean check(Map<String, String> options) throws Exception {
    Set<Long> answered = new HashSet<>();
    for (String line : Files.readAllLines(Path.of(options.get("acks")), StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ");
      if (fields.length >= 2) {
        answered.add(Long.parseLong(fields[0]));
      }
    }
    Path hooks = Path.of(options.get("hooks"));
    long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(options.getOrDefault("wait", "120"));
    Map<Long, Set<String>> idsByCustomer;
    Set<Long> missing;
    long deliveries;
    do {
      idsByCustomer = new HashMap<>();
      deliveries = 0;
      for (String line : Files.readAllLines(hooks, StandardCharsets.UTF_8)) {
        String[] fields = line.split(" ");
        if (fields.length == 4) {
          idsByCustomer.computeIfAbsent(Long.parseLong(fields[1]), id -> new HashSet<>()).add(fields[0]);
          deliveries++;
        }
      }
      missing = new HashSet<>(answered);
      missing.removeAll(idsByCustomer.keySet());
      if (missing.isEmpty()) {
        break;
      }
      Thread.sleep(1000);
    } while (System.currentTimeMillis() < deadline);
    long twoEventIds = idsByCustomer.values().stream().filter(ids -> ids.size() > 1).count();
    long repeats = deliveries - idsByCustomer.size();
    boolean pass = !answered.isEmpty() && missing.isEmpty() && twoEventIds == 0;
    List<Long> someMissing = new ArrayList<>(missing);
    Collections.sort(someMissing);
    System.out.println("webhooks-crash " + options.get("engine") + ": answered=" + answered.size()
        + " delivered=" + (answered.size() - missing.size()) + " missing=" + missing.size()
        + " deliveries=" + deliveries + " repeats=" + repeats + " customers_with_two_event_ids=" + twoEventIds
        + " kills=" + options.get("kills")
        + (missing.isEmpty() ? "" : " first_missing=" + someMissing.subList(0, Math.min(5, someMissing.size())))
        + " " + (pass ? "PASS" : "FAIL"));
    return pass;
  }

  private static String lag(Path hooks, int skip) throws IOException {
    List<Long> lags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> lines = Files.readAllLines(hooks, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(skip, lines.size()), lines.size())) {
      String[] fields = line.split(" ");
      if (fields.length == 4 && seen.add(fields[0])) {
        lags.add(Long.parseLong(fields[2]) - Long.parseLong(fields[3]));
      }
    }
    if (lags.isEmpty()) {
      return "events=0";
    }
    Collections.sort(lags);
    return String.format(java.util.Locale.ROOT, "events=%d lag_p50_ms=%.1f lag_p99_ms=%.1f", lags.size(),
        lags.get(lags.size() / 2) / 1000.0, lags.get((int) Math.min(lags.size() - 1, Math.ceil(lags.size() * 0.99) - 1))
            / 1000.0);
  }
}
