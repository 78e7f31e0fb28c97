import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of reliability/cluster.sh: {@code java -cp customers-server.jar reliability/ClusterLoad.java
 * race|throttle|load|scrape --bases URL,URL,URL --token T ...}. Each mode prints one line of "key=value" pairs.
 *
 * <ul>
 *   <li>{@code race}: the same emails from every server at once (threads per server, each posting every email in
 *       its own order); counts 201s per email, refusals "already exists", and anything else.
 *   <li>{@code throttle}: one token through every server as fast as it goes for some seconds; counts what got
 *       through (not 429).
 *   <li>{@code load}: creates through every server (each thread keeps to one, and moves to the next one when its
 *       server stops answering) until a deadline; with {@code --kill-pid} the process is killed with -9 halfway.
 *       Every 201 is then read back through the first server: lost is an answered create that is not there.
 *   <li>{@code scrape}: alternating windows of creates on one server, with and without a client reading
 *       /metrics ten times a second; creates/s of each.
 * </ul>
 */
public final class ClusterLoad {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private static final Pattern ID = Pattern.compile("/api/admin/users/(\\d+)/");

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    List<URI> bases = new ArrayList<>();
    for (String base : options.get("bases").split(",")) {
      bases.add(URI.create(base));
    }
    String token = options.get("token");
    int threads = Integer.parseInt(options.getOrDefault("threads", "16"));
    String run = options.getOrDefault("run", Long.toString(System.currentTimeMillis()));
    switch (args[0]) {
      case "race" -> race(bases, token, threads, Integer.parseInt(options.getOrDefault("emails", "60")), run);
      case "throttle" -> throttle(bases, token, threads, Double.parseDouble(options.getOrDefault("seconds", "6")));
      case "load" -> load(bases, token, threads, Double.parseDouble(options.getOrDefault("seconds", "10")),
          Long.parseLong(options.getOrDefault("kill-pid", "0")), run);
      case "scrape" -> scrape(bases.get(0), token, options.get("admin-token"), threads,
          Integer.parseInt(options.getOrDefault("windows", "6")),
          Double.parseDouble(options.getOrDefault("seconds", "5")), run);
      default -> throw new IllegalArgumentException("race, throttle, load or scrape");
    }
    System.exit(0);
  }

  private static void race(List<URI> bases, String token, int threads, int emails, String run) throws Exception {
    Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger serverErrors = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < emails; i++) {
      all.add("race-" + run + "-" + i + "@example.com");
      created.put(all.get(i), new AtomicInteger());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads * bases.size());
    List<Future<?>> done = new ArrayList<>();
    for (URI base : bases) {
      for (int t = 0; t < threads; t++) {
        List<String> order = new ArrayList<>(all);
        Collections.shuffle(order);
        done.add(pool.submit(() -> {
          for (String email : order) {
            HttpResponse<String> answer = create(base, token, email);
            if (answer == null) {
              other.incrementAndGet();
            } else if (answer.statusCode() == 201) {
              created.get(email).incrementAndGet();
            } else if (answer.statusCode() == 400 && answer.body().contains("already exists")) {
              taken.incrementAndGet();
            } else if (answer.statusCode() >= 500) {
              serverErrors.incrementAndGet();
            } else {
              other.incrementAndGet();
            }
          }
          return null;
        }));
      }
    }
    for (Future<?> each : done) {
      each.get();
    }
    pool.shutdown();
    long once = created.values().stream().filter(count -> count.get() == 1).count();
    int total = created.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.println("race emails=" + emails + " requests=" + emails * threads * bases.size() + " created="
        + total + " emails_created_once=" + once + " taken=" + taken + " 5xx=" + serverErrors + " other=" + other);
  }

  private static void throttle(List<URI> bases, String token, int threads, double seconds) throws Exception {
    AtomicInteger through = new AtomicInteger();
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads * bases.size());
    List<Future<?>> done = new ArrayList<>();
    for (URI base : bases) {
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/api/admin/users/1/"))
                .header("Authorization", "Bearer " + token).GET());
            int status = answer == null ? -1 : answer.statusCode();
            (status == 429 ? throttled : status == 200 || status == 404 ? through : other).incrementAndGet();
          }
          return null;
        }));
      }
    }
    for (Future<?> each : done) {
      each.get();
    }
    pool.shutdown();
    System.out.printf("throttle servers=%d seconds=%.1f through=%d throttled=%d other=%d%n", bases.size(),
        (System.nanoTime() - start) / 1e9, through.get(), throttled.get(), other.get());
  }

  private static void load(List<URI> bases, String token, int threads, double seconds, long killPid, String run)
      throws Exception {
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger serverErrors = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    AtomicInteger afterKill = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicLong sequence = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t % bases.size();
      done.add(pool.submit(() -> {
        int server = first;
        while (System.nanoTime() < end) {
          String email = "load-" + run + "-" + sequence.incrementAndGet() + "@example.com";
          HttpResponse<String> answer = create(bases.get(server), token, email);
          if (answer == null) {
            unanswered.incrementAndGet();
            server = (server + 1) % bases.size();
          } else if (answer.statusCode() == 201) {
            Matcher id = ID.matcher(answer.headers().firstValue("Location").orElse(""));
            acknowledged.put(id.find() ? Long.parseLong(id.group(1)) : -sequence.get(), email);
            if (killed.get()) {
              afterKill.incrementAndGet();
            }
          } else if (answer.statusCode() >= 500) {
            serverErrors.incrementAndGet();
          }
        }
        return null;
      }));
    }
    if (killPid > 0) {
      Thread.sleep((long) (seconds * 500));
      ProcessHandle.of(killPid).ifPresent(ProcessHandle::destroyForcibly);
      new ProcessBuilder("kill", "-9", Long.toString(killPid)).start().waitFor();
      killed.set(true);
    }
    for (Future<?> each : done) {
      each.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - start) / 1e9;
    int lost = 0;
    for (Map.Entry<Long, String> entry : acknowledged.entrySet()) {
      HttpResponse<String> read = send(HttpRequest.newBuilder(bases.get(0).resolve("/api/admin/users/"
          + entry.getKey() + "/")).header("Authorization", "Bearer " + token).GET());
      if (read == null || read.statusCode() != 200 || !read.body().contains(entry.getValue())) {
        lost++;
      }
    }
    System.out.printf("load servers=%d threads=%d seconds=%.1f created=%d creates_per_s=%.0f 5xx=%d unanswered=%d"
        + " created_after_kill=%d lost=%d%n", bases.size(), threads, elapsed, acknowledged.size(),
        acknowledged.size() / elapsed, serverErrors.get(), unanswered.get(), afterKill.get(), lost);
  }

  private static void scrape(URI base, String token, String adminToken, int threads, int windows, double seconds,
      String run) throws Exception {
    AtomicLong sequence = new AtomicLong();
    StringBuilder with = new StringBuilder();
    StringBuilder without = new StringBuilder();
    double sumWith = 0;
    double sumWithout = 0;
    int windowsWith = 0;
    int windowsWithout = 0;
    for (int window = 0; window < windows; window++) {
      boolean scraping = window % 2 == 1;
      AtomicInteger created = new AtomicInteger();
      AtomicInteger scrapes = new AtomicInteger();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            HttpResponse<String> answer =
                create(base, token, "scrape-" + run + "-" + sequence.incrementAndGet() + "@example.com");
            if (answer != null && answer.statusCode() == 201) {
              created.incrementAndGet();
            }
          }
          return null;
        }));
      }
      if (scraping) {
        done.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .header("Authorization", "Bearer " + adminToken).GET());
            if (answer != null && answer.statusCode() == 200) {
              scrapes.incrementAndGet();
            }
            Thread.sleep(100);
          }
          return null;
        }));
      }
      for (Future<?> each : done) {
        each.get();
      }
      pool.shutdown();
      double rate = created.get() / seconds;
      if (window == 0) {
        continue; // warm-up
      }
      (scraping ? with : without).append(String.format("%.0f ", rate));
      if (scraping) {
        sumWith += rate;
        windowsWith++;
      } else {
        sumWithout += rate;
        windowsWithout++;
      }
    }
    System.out.printf("scrape windows_s=%.0f without=[%s] with_10_scrapes_per_s=[%s] ratio_with_to_without=%.3f%n",
        seconds, without.toString().trim(), with.toString().trim(),
        (sumWith / windowsWith) / (sumWithout / windowsWithout));
  }

  private static HttpResponse<String> create(URI base, String token, String email) {
    return send(HttpRequest.newBuilder(base.resolve("/api/admin/users/"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\", \"first_name\": \"Load\","
            + " \"tags\": [\"cluster\"], \"addresses\": [{\"country\": \"DE\", \"line1\": \"Hauptstr. 1\","
            + " \"line4\": \"Berlin\"}]}")));
  }

  /** The answer, or null when the server did not answer (refused, reset, timed out). */
  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      return null;
    }
  }
}
