import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of reliability/crash.sh, run with the server jar on the class path (for Jackson and the JDBC
 * drivers): {@code java -cp customers-server.jar reliability/CrashLoad.java load|check ...}.
 *
 * <p>{@code load} creates customers from several threads until its deadline or a stop file, each with 0..3
 * addresses and 0..4 tags, and appends "id email addresses tags" for every 201 to the acknowledgement file,
 * flushed at once: what is written there was promised. The counts are also in the email, so that the database
 * itself can be checked for customers stored without what they were created with, acknowledged or not. While
 * the server is down (killed by the script) the load keeps trying.
 *
 * <p>{@code check} reads every acknowledged customer back over HTTP and compares it with the record, then asks
 * the database for every customer of the run whose addresses or tags do not match its email. It prints one line
 * and exits 0 only when nothing is missing or partial.
 *
 * <p>With {@code load --keyed 1} every create carries an Idempotency-Key of its own (made from its email), and
 * {@code replay} sends every acknowledged create again under its key: each must answer 201 with
 * Idempotent-Replayed: true and the id of its first answer (KEYED=1 reliability/crash.sh).
 */
public final class CrashLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private static final Pattern COUNTS = Pattern.compile("crash-[^-]+-\\d+-\\d+-a(\\d+)-t(\\d+)@example\\.com");

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    switch (args.length == 0 ? "" : args[0]) {
      case "load" -> load(options);
      case "check" -> System.exit(check(options) ? 0 : 1);
      case "replay" -> System.exit(replay(options) ? 0 : 1);
      default -> {
        System.err.println("usage: CrashLoad load|check --base URL --token T --acks FILE ...");
        System.exit(2);
      }
    }
  }

  // load

  private static void load(Map<String, String> options) throws Exception {
    URI base = URI.create(options.get("base"));
    String token = options.get("token");
    String run = options.get("run");
    Path acks = Path.of(options.get("acks"));
    Path stopFile = Path.of(options.get("stop-file"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
    long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(options.getOrDefault("seconds", "60"));
    // --rate N: at most N creates a second from all threads together (0: as fast as the server answers).
    long rate = Long.parseLong(options.getOrDefault("rate", "0"));
    long interval = rate > 0 ? 1_000_000_000L / rate : 0;
    boolean keyed = "1".equals(options.get("keyed"));
    AtomicLong nextSlot = new AtomicLong(System.nanoTime());

    AtomicLong attempts = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong unknown = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong other = new AtomicLong();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(acks, StandardCharsets.UTF_8))) {
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        Thread thread = new Thread(() -> {
          for (long seq = 0; System.currentTimeMillis() < deadline && !Files.exists(stopFile); seq++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int addresses = random.nextInt(4);
            int tags = random.nextInt(5);
            String email = "crash-" + run + "-" + worker + "-" + seq + "-a" + addresses + "-t" + tags + "@example.com";
            attempts.incrementAndGet();
            if (interval > 0) {
              pauseNanos(nextSlot.getAndAdd(interval) - System.nanoTime());
            }
            try {
              HttpResponse<String> response = CLIENT.send(
                  create(base, token, body(email, addresses, tags), keyed ? key(email) : null),
                  HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() == 201) {
                long id = JSON.readTree(response.body()).get("id").asLong();
                synchronized (out) {
                  out.println(id + " " + email + " " + addresses + " " + tags);
                  out.flush();
                }
                acknowledged.incrementAndGet();
              } else {
                other.incrementAndGet();
                pause(50);
              }
            } catch (ConnectException down) {
              refused.incrementAndGet();
              pause(100);
            } catch (IOException sentButNoAnswer) {
              // The server died with this request in flight: stored or not, nothing was promised.
              unknown.incrementAndGet();
              pause(100);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "load-" + w);
        thread.start();
        workers.add(thread);
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }
    System.out.println("load: attempts=" + attempts + " acknowledged=" + acknowledged + " unknown=" + unknown
        + " refused=" + refused + " other=" + other);
  }

  private static String body(String email, int addresses, int tags) {
    StringBuilder json = new StringBuilder("{\"email\":\"").append(email).append("\",\"first_name\":\"Crash\",")
        .append("\"metadata\":{\"run\":\"crash\"},\"tags\":[");
    for (int t = 0; t < tags; t++) {
      json.append(t == 0 ? "" : ",").append("\"tag-").append(t).append('"');
    }
    json.append("],\"addresses\":[");
    for (int a = 0; a < addresses; a++) {
      json.append(a == 0 ? "" : ",").append("{\"country\":\"DE\",\"line1\":\"Street ").append(a)
          .append("\",\"line4\":\"Berlin\",\"notes\":\"").append("n".repeat(200)).append("\"}");
    }
    return json.append("]}").toString();
  }

  /** A create, under {@code key} unless it is null. */
  private static HttpRequest create(URI base, String token, String json, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/admin/users/"))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    return (key == null ? request : request.header("Idempotency-Key", key)).build();
  }

  private static String key(String email) {
    return "key-" + email;
  }

  // replay

  private static boolean replay(Map<String, String> options) throws Exception {
    URI base = URI.create(options.get("base"));
    String token = options.get("token");
    long answered = 0;
    long replayed = 0;
    List<String> failures = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(options.get("acks")), StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ");
      if (fields.length != 4) {
        continue;
      }
      answered++;
      String email = fields[1];
      HttpResponse<String> retry = CLIENT.send(create(base, token,
          body(email, Integer.parseInt(fields[2]), Integer.parseInt(fields[3])), key(email)),
          HttpResponse.BodyHandlers.ofString());
      if (retry.statusCode() == 201 && retry.headers().firstValue("Idempotent-Replayed").equals(Optional.of("true"))
          && JSON.readTree(retry.body()).get("id").asLong() == Long.parseLong(fields[0])) {
        replayed++;
      } else if (failures.size() < 5) {
        failures.add(email + " (id " + fields[0] + ") -> " + retry.statusCode() + " "
            + retry.headers().firstValue("Idempotent-Replayed").orElse("-") + " " + retry.body());
      }
    }
    boolean pass = answered > 0 && replayed == answered;
    System.out.println("idempotency-crash " + options.get("engine") + ": answered=" + answered + " replayed="
        + replayed + " not_replayed=" + (answered - replayed) + " kills=" + options.get("kills")
        + (pass ? " PASS" : " FAIL"));
    failures.forEach(System.err::println);
    return pass;
  }

  private static void pauseNanos(long nanos) {
    if (nanos > 0) {
      pause(nanos / 1_000_000);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // check

  /**
   * {@code --phase http} reads the acknowledged customers back and keeps its counts in {@code --result};
   * {@code --phase db} (the server stopped: H2 wants its file to itself) adds the database's view and prints the
   * verdict.
   */
  private static boolean check(Map<String, String> options) throws Exception {
    Path result = Path.of(options.get("result"));
    List<String> problems = new ArrayList<>();
    if (options.get("phase").equals("http")) {
      long[] counts = checkOverHttp(options, problems);
      problems.forEach(System.err::println);
      Files.writeString(result, counts[0] + " " + counts[1] + " " + counts[2] + " " + counts[3]);
      return true;
    }
    String[] counts = Files.readString(result).trim().split(" ");
    long acknowledged = Long.parseLong(counts[0]);
    long found = Long.parseLong(counts[1]);
    long missing = Long.parseLong(counts[2]);
    long partial = Long.parseLong(counts[3]);
    long stored = 0;
    long storedPartial = 0;
    try (Connection db = DriverManager.getConnection(options.get("jdbc"), options.get("user"),
        options.getOrDefault("password", ""));
        ResultSet rows = db.createStatement().executeQuery(
            "select c.email, (select count(*) from customers.addresses a where a.customer_id = c.id),"
                + " cardinality(c.tags)"
                + " from customers.customers c where c.email like 'crash-" + options.get("run") + "-%'")) {
      while (rows.next()) {
        stored++;
        Matcher expected = COUNTS.matcher(rows.getString(1));
        if (!expected.matches() || Integer.parseInt(expected.group(1)) != rows.getInt(2)
            || Integer.parseInt(expected.group(2)) != rows.getInt(3)) {
          storedPartial++;
          note(problems, "stored without what it was created with: " + rows.getString(1) + " addresses="
              + rows.getInt(2) + " tags=" + rows.getInt(3));
        }
      }
    } catch (SQLException e) {
      System.err.println("crash-safety: database check failed: " + e.getMessage());
      return false;
    }
    problems.forEach(System.err::println);
    boolean pass = acknowledged > 0 && found == acknowledged && missing == 0 && partial == 0
        && storedPartial == 0 && stored >= acknowledged;
    System.out.println("crash-safety " + options.get("engine") + ": acknowledged=" + acknowledged + " found="
        + found + " missing=" + missing + " partial=" + partial + " stored=" + stored + " stored_partial="
        + storedPartial + " kills=" + options.getOrDefault("kills", "?") + " " + (pass ? "PASS" : "FAIL"));
    return pass;
  }

  /** acknowledged, found, missing, partial. */
  private static long[] checkOverHttp(Map<String, String> options, List<String> problems) throws Exception {
    URI base = URI.create(options.get("base"));
    String token = options.get("token");
    long[] counts = new long[4];
    for (String line : Files.readAllLines(Path.of(options.get("acks")), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] record = line.split(" ");
      counts[0]++;
      HttpResponse<String> read = readBack(base, token, record[0]);
      if (read.statusCode() != 200) {
        counts[2]++;
        note(problems, "missing " + line + ": " + read.statusCode());
        continue;
      }
      JsonNode customer = JSON.readTree(read.body());
      if (customer.get("email").asText().equals(record[1])
          && customer.get("addresses").size() == Integer.parseInt(record[2])
          && customer.get("tags").size() == Integer.parseInt(record[3])) {
        counts[1]++;
      } else {
        counts[3]++;
        note(problems, "partial " + line + ": " + read.body());
      }
    }
    return counts;
  }

  /** The customer, retrying while the restarted server or its database is still coming up. */
  private static HttpResponse<String> readBack(URI base, String token, String id) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/admin/users/" + id + "/"))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
    HttpResponse<String> response = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 503) {
          return response;
        }
      } catch (IOException e) {
        if (attempt == 19) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
    return response;
  }

  private static void note(List<String> problems, String problem) {
    if (problems.size() < 20) {
      problems.add(problem);
    }
  }
}
