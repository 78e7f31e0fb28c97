import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of reliability/outage.sh, run with the server jar on the class path (for Jackson):
 * {@code java -cp customers-server.jar reliability/OutageLoad.java --base URL --token T --seconds S ...}.
 *
 * <p>Creates, reads and health checks from several threads for {@code --seconds}, recording each answer and how
 * long it took. The script stops the database and starts it again meanwhile, writing the moments (epoch
 * milliseconds) into {@code --down-file} and {@code --up-file}. At the end this judges the run: while the
 * database was down every create and read answered 503 {"detail": "Service temporarily unavailable."} with
 * Retry-After and /health 503; no request took longer than {@code --max-latency-ms}; nothing answered 500; after
 * the database came back, creates succeeded again within {@code --recovery-ms}, with the same server process.
 */
public final class OutageLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static final String UNAVAILABLE = "{\"detail\":\"Service temporarily unavailable.\"}";

  /** One answer: what was asked, when, how long it took, and whether it had the shape its status promises. */
  private record Answer(String kind, long start, long millis, int status, boolean wellFormed) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    URI base = URI.create(options.get("base"));
    String token = options.get("token");
    int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
    long end = System.currentTimeMillis() + 1000L * Long.parseLong(options.get("seconds"));
    long maxLatency = Long.parseLong(options.getOrDefault("max-latency-ms", "5000"));
    long recoveryBound = Long.parseLong(options.getOrDefault("recovery-ms", "10000"));

    List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicLong sequence = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      Thread worker = new Thread(() -> {
        while (System.currentTimeMillis() < end) {
          int dice = ThreadLocalRandom.current().nextInt(10);
          String kind = dice < 6 || ids.isEmpty() ? "create" : dice < 9 ? "read" : "health";
          HttpRequest.Builder request = switch (kind) {
            case "create" -> authorized(base.resolve("/api/admin/users/"), token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"outage-" + System.nanoTime() + "-"
                    + sequence.incrementAndGet() + "@example.com\",\"tags\":[\"a\"],\"addresses\":[{\"country\":"
                    + "\"DE\",\"line1\":\"x\",\"line4\":\"y\"}]}"));
            case "read" -> authorized(base.resolve("/api/admin/users/"
                + ids.get(ThreadLocalRandom.current().nextInt(ids.size())) + "/"), token).GET();
            default -> HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(60)).GET();
          };
          long start = System.currentTimeMillis();
          int status;
          boolean wellFormed;
          try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            wellFormed = wellFormed(kind, response);
            if (kind.equals("create") && status == 201) {
              ids.add(JSON.readTree(response.body()).get("id").asLong());
            }
          } catch (IOException e) {
            status = -1;
            wellFormed = false;
          } catch (InterruptedException e) {
            return;
          }
          answers.add(new Answer(kind, start, System.currentTimeMillis() - start, status, wellFormed));
        }
      }, "outage-load-" + w);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }

    long down = Long.parseLong(Files.readString(Path.of(options.get("down-file"))).trim());
    long up = Long.parseLong(Files.readString(Path.of(options.get("up-file"))).trim());
    System.exit(judge(options.getOrDefault("label", "outage postgres"), new ArrayList<>(answers), down, up,
        maxLatency, recoveryBound) ? 0 : 1);
  }

  private static HttpRequest.Builder authorized(URI uri, String token) {
    // Far above any bound the server should keep: a hang shows as a long latency, not as a client timeout.
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
  }

  private static boolean wellFormed(String kind, HttpResponse<String> response) {
    if (response.statusCode() == 503 && !kind.equals("health")) {
      return response.body().equals(UNAVAILABLE)
          && response.headers().firstValue("Retry-After").orElse("").equals("1");
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      return body.isObject();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean judge(
      String label, List<Answer> answers, long down, long up, long maxLatency, long recoveryBound) {
    long before = 0;
    long beforeOk = 0;
    long during = 0;
    long during503 = 0;
    long duringHealth = 0;
    long duringHealth503 = 0;
    long serverErrors = 0;
    long malformed = 0;
    long noAnswer = 0;
    long slowest = 0;
    long firstCreatedAfterUp = Long.MAX_VALUE;
    for (Answer answer : answers) {
      slowest = Math.max(slowest, answer.millis());
      long finished = answer.start() + answer.millis();
      if (answer.status() == -1) {
        noAnswer++;
      } else if (answer.status() >= 500 && answer.status() != 503) {
        serverErrors++;
      }
      if (answer.status() != -1 && !answer.wellFormed()) {
        malformed++;
      }
      if (finished < down) {
        before++;
        if (answer.status() / 100 == 2) {
          beforeOk++;
        }
      } else if (answer.start() > down + 500 && finished < up) {
        // Half a second after the stop: the database has closed its connections by then.
        if (answer.kind().equals("health")) {
          duringHealth++;
          duringHealth503 += answer.status() == 503 ? 1 : 0;
        } else {
          during++;
          during503 += answer.status() == 503 ? 1 : 0;
        }
      }
      if (answer.kind().equals("create") && answer.status() == 201 && answer.start() >= up) {
        firstCreatedAfterUp = Math.min(firstCreatedAfterUp, finished);
      }
    }
    long recovered = firstCreatedAfterUp == Long.MAX_VALUE ? -1 : firstCreatedAfterUp - up;
    long afterRecovery = 0;
    long afterRecoveryOk = 0;
    for (Answer answer : answers) {
      if (recovered >= 0 && answer.start() > firstCreatedAfterUp + 1000) {
        afterRecovery++;
        afterRecoveryOk += answer.status() / 100 == 2 ? 1 : 0;
      }
    }
    boolean pass = before > 0 && beforeOk == before && during > 0 && during503 == during
        && duringHealth503 == duringHealth && serverErrors == 0 && malformed == 0 && noAnswer == 0
        && slowest <= maxLatency && recovered >= 0 && recovered <= recoveryBound && afterRecovery > 0
        && afterRecoveryOk == afterRecovery;
    System.out.println(label + ": requests=" + answers.size() + " before=" + before + " before_ok=" + beforeOk
        + " during=" + during + " during_503=" + during503 + " health_during=" + duringHealth + " health_503="
        + duringHealth503 + " server_errors=" + serverErrors + " malformed=" + malformed + " no_answer=" + noAnswer
        + " max_latency_ms=" + slowest + " recovered_after_ms=" + recovered + " after=" + afterRecovery
        + " after_ok=" + afterRecoveryOk + " " + (pass ? "PASS" : "FAIL"));
    return pass;
  }
}
