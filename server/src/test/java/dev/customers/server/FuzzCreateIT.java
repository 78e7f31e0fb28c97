package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersApi;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.jdbi.TestPostgres;
import io.javalin.Javalin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever the body, the answer is 201, 400, 413 or 415 with a JSON object, never 5xx; every 201 reads
 * back as created; a refused create leaves nothing behind; the server keeps serving in bounded memory.
 *
 * <p>Bodies come from {@link FuzzBodies}, seeded. Inside {@code ./mvnw verify} a fixed seed runs a deterministic
 * slice (2,000 bodies on an H2 file, 300 on PostgreSQL); {@code reliability/fuzz.sh} runs 100,000 with a new seed:
 * {@code -Dfuzz.tries=N -Dfuzz.postgres.tries=N -Dfuzz.seed=S -Dfuzz.threads=T}. A failure names the seed and
 * index of its body, which {@code -Dfuzz.seed=S -Dfuzz.from=I -Dfuzz.tries=1} replays alone.
 */
class FuzzCreateIT {

  private static final long SEED = Long.getLong("fuzz.seed", 20261127L);
  private static final long FROM = Long.getLong("fuzz.from", 0L);
  private static final int THREADS = Integer.getInteger("fuzz.threads", 2);
  private static final long MAX_RETAINED_HEAP_MIB = Long.getLong("fuzz.maxRetainedHeapMiB", 512L);
  private static final Set<Integer> ALLOWED = Set.of(201, 400, 413, 415);
  private static final String TOKEN = "fuzz-token";

  /** Reads answers strictly, but numbers and depths as large as the API may legitimately send back. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(2_000).maxNumberLength(200_000).maxStringLength(Integer.MAX_VALUE).build());
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @TempDir
  Path data;

  @Test
  void on_an_h2_file_every_answer_is_201_400_413_or_415() throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("fuzz").toAbsolutePath();
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "")) {
      Run run = fuzz("h2", repository, Integer.getInteger("fuzz.tries", 2_000));
      run.assertPassed(count(url, "sa", ""));
    }
  }

  @Test
  void on_postgresql_every_answer_is_201_400_413_or_415() throws Exception {
    String url = postgres.url();
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, postgres.user(), postgres.password())) {
      Run run = fuzz("postgres", repository, Integer.getInteger("fuzz.postgres.tries", 300));
      run.assertPassed(count(url, postgres.user(), postgres.password()));
    }
  }

  private Run fuzz(String engine, JdbiCustomerRepository repository, int tries) throws InterruptedException {
    Javalin app = CustomersApi.create(new CreateCustomer(repository, Clock.systemUTC()), new FindCustomer(repository),
        repository::isAvailable, ApiSettings.builder().token(TOKEN, "users:read", "users:write")
            .requestsPerSecond(0).build());
    app.start("127.0.0.1", 0);
    Run run = new Run(engine, URI.create("http://127.0.0.1:" + app.port()), tries);
    try {
      run.execute();
    } finally {
      app.stop();
    }
    return run;
  }

  private static long count(String url, String user, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        ResultSet rows = connection.createStatement().executeQuery("select count(*) from customers.customers")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** One fuzzing run against one app: sends every body, checks every answer, keeps the figures. */
  private static final class Run {
    private final String engine;
    private final URI base;
    private final int tries;
    private final FuzzBodies bodies = new FuzzBodies(SEED);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder failureCount = new LongAdder();
    private final LongAdder closedWhileSending = new LongAdder();
    private final LongAdder readBack = new LongAdder();
    private long retainedHeapMiB;
    private long sent;
    private long sanityCreate;
    private int health;

    Run(String engine, URI base, int tries) {
      this.engine = engine;
      this.base = base;
      this.tries = tries;
    }

    void execute() throws InterruptedException {
      List<FuzzBodies.Body> regressions = FuzzBodies.regressions();
      for (FuzzBodies.Body body : regressions) {
        check(body);
      }
      sent = regressions.size() + (long) tries;
      AtomicLong next = new AtomicLong(FROM);
      long end = FROM + tries;
      ExecutorService clients = Executors.newFixedThreadPool(THREADS);
      for (int t = 0; t < THREADS; t++) {
        clients.execute(() -> {
          for (long index = next.getAndIncrement(); index < end; index = next.getAndIncrement()) {
            FuzzBodies.Body body = bodies.body(index);
            try {
              check(body);
            } catch (RuntimeException e) {
              fail(body, "client side: " + e);
            }
          }
        });
      }
      clients.shutdown();
      // Bounded: 100,000 bodies take minutes, not hours; a hang fails the run instead of stalling the build.
      if (!clients.awaitTermination(Math.max(5, tries / 50), TimeUnit.MINUTES)) {
        clients.shutdownNow();
        fail("the run did not finish in time");
      }
      health = send(HttpRequest.newBuilder(base.resolve("/health")).GET()).statusCode();
      sanityCreate = send(create("application/json",
          ("{\"email\": \"after-fuzz-" + SEED + "@example.com\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .statusCode();
      System.gc();
      retainedHeapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
      System.out.println(verdict());
    }

    private void check(FuzzBodies.Body body) {
      HttpResponse<String> response;
      try {
        response = CLIENT.send(create(body.contentType(), body.bytes()).build(), BodyHandlers.ofString());
      } catch (IOException e) {
        // Past the body limit the server may stop reading and close while the client still sends.
        if (body.bytes().length > FuzzBodies.MIB) {
          closedWhileSending.increment();
        } else {
          fail(body, "no answer: " + e);
        }
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      statuses.computeIfAbsent(response.statusCode(), status -> new LongAdder()).increment();
      if (!ALLOWED.contains(response.statusCode())) {
        fail(body, "status " + response.statusCode() + " " + head(response.body()));
        return;
      }
      if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
          || !response.headers().firstValue("Cache-Control").orElse("").equals("no-store")
          || !response.headers().firstValue("X-Content-Type-Options").orElse("").equals("nosniff")) {
        fail(body, "headers " + response.headers().map());
        return;
      }
      JsonNode answer;
      try {
        answer = JSON.readTree(response.body());
      } catch (IOException e) {
        fail(body, "not JSON: " + head(response.body()));
        return;
      }
      if (!answer.isObject() || answer.isEmpty()) {
        fail(body, "not a JSON object with content: " + head(response.body()));
        return;
      }
      if (response.statusCode() == 201) {
        checkReadBack(body, response, answer);
      }
    }

    /** A 201 is a promise: the customer reads back as it was answered. */
    private void checkReadBack(FuzzBodies.Body body, HttpResponse<String> created, JsonNode answer) {
      String location = created.headers().firstValue("Location").orElse(null);
      if (location == null) {
        fail(body, "201 without Location");
        return;
      }
      HttpResponse<String> read = send(authorized(base.resolve(location)).GET());
      try {
        if (read.statusCode() != 200 || !sameJson(answer, JSON.readTree(read.body()))) {
          fail(body, "read back " + read.statusCode() + " differs: " + head(read.body()));
          return;
        }
      } catch (IOException e) {
        fail(body, "read back is not JSON: " + head(read.body()));
        return;
      }
      readBack.increment();
    }

    private HttpRequest.Builder create(String contentType, byte[] bytes) {
      HttpRequest.Builder request = authorized(base.resolve("/api/admin/users/"))
          .POST(BodyPublishers.ofByteArray(bytes));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      return request;
    }

    private static HttpRequest.Builder authorized(URI uri) {
      return HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + TOKEN)
          .header("X-29next-API-Version", "unstable");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return CLIENT.send(request.build(), BodyHandlers.ofString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private void fail(FuzzBodies.Body body, String what) {
      fail(what + " for " + head(body.description()));
    }

    private void fail(String what) {
      failureCount.increment();
      if (failures.size() < 20) {
        failures.add(what);
      }
    }

    private long status(int code) {
      LongAdder count = statuses.get(code);
      return count == null ? 0 : count.sum();
    }

    private long created() {
      return status(201) + (sanityCreate == 201 ? 1 : 0);
    }

    String verdict() {
      long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500)
          .mapToLong(e -> e.getValue().sum()).sum();
      return "fuzz " + engine + ": bodies=" + sent + " seed=" + SEED + " 201=" + status(201) + " 400="
          + status(400) + " 413=" + status(413) + " 415=" + status(415) + " 5xx=" + serverErrors
          + " closed_while_sending=" + closedWhileSending.sum() + " read_back=" + readBack.sum()
          + " failures=" + failureCount.sum() + " retained_heap_mib=" + retainedHeapMiB + " "
          + (failureCount.sum() == 0 && health == 200 && sanityCreate == 201 ? "PASS" : "FAIL");
    }

    void assertPassed(long stored) {
      assertThat(failures).as(verdict()).isEmpty();
      assertThat(health).as("health after the run").isEqualTo(200);
      assertThat(sanityCreate).as("a plain create after the run").isEqualTo(201);
      assertThat(stored).as("customers stored = creates answered 201: a refused create leaves nothing")
          .isEqualTo(created());
      assertThat(retainedHeapMiB).as("heap retained after the run, MiB").isLessThan(MAX_RETAINED_HEAP_MIB);
    }

    private static String head(String text) {
      return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
    }
  }

  /** Equal as JSON values: objects ignoring key order (PostgreSQL's jsonb keeps none), numbers by value. */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = a.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        sorted.put(field.getKey(), field.getValue());
      }
      for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
        JsonNode other = b.get(field.getKey());
        if (other == null || !sameJson(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
