import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customers.server.RawHttpClient;
import dev.customers.server.RawHttpClient.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of reliability/stop.sh: {@code java reliability/StopLoad.java load --port P --token T --acks FILE
 * --signalled FILE --stop-file FILE --threads N --run R}, with the server jar (for Jackson) and the server module's
 * test classes (for its RawHttpClient) on the class path.
 *
 * <p>Creates customers from several threads, each over one kept-alive HTTP/1.1 connection as client libraries
 * send them (reconnecting after {@code Connection: close}), until the stop file exists. Every 201 is appended to the
 * acknowledgement file as "id email 1 1" (one address, one tag: CrashLoad.java's format, so that its check reads
 * them back). Each request ends one of three ways, counted apart, and counted as "during" once the signalled file
 * exists: answered (by status); not connected (refused, not accepted within 2 s, or a kept-alive connection found
 * closed by the server before sending, as client libraries check after a while idle: nothing was sent, safe to send
 * again); or unanswered (sent, then the connection was reset or closed before a whole answer: the client cannot
 * know whether its customer was created). java.net.http cannot tell the last two apart, hence the tests' small client,
 * RawHttpClient.
 */
public final class StopLoad {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (args.length == 0 || !args[0].equals("load")) {
      System.err.println("usage: StopLoad load --port P --token T --acks FILE --signalled FILE --stop-file FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(options.get("port"));
    String token = options.get("token");
    String run = options.getOrDefault("run", "0");
    Path acks = Path.of(options.get("acks"));
    Path signalled = Path.of(options.get("signalled"));
    Path stopFile = Path.of(options.get("stop-file"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "8"));

    AtomicLong before = new AtomicLong();
    AtomicLong created = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong unanswered = new AtomicLong();
    ConcurrentMap<Integer, AtomicLong> other = new ConcurrentHashMap<>();
    List<String> unansweredWhy = new ArrayList<>();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(acks, StandardCharsets.UTF_8))) {
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        Thread thread = new Thread(() -> {
          RawHttpClient connection = new RawHttpClient(port);
          for (long seq = 0; !Files.exists(stopFile); seq++) {
            String email = "stop-" + run + "-" + worker + "-" + seq + "@example.com";
            boolean during = Files.exists(signalled);
            Answer answer = connection.post("/api/admin/users/", token, "{\"email\":\"" + email + "\","
                + "\"tags\":[\"t\"],\"addresses\":[{\"country\":\"DE\",\"line1\":\"Street 1\",\"line4\":\"Berlin\"}]}");
            during |= Files.exists(signalled);
            switch (answer.outcome()) {
              case NOT_CONNECTED -> {
                refused.incrementAndGet();
                pause(20);
              }
              case UNANSWERED -> {
                unanswered.incrementAndGet();
                synchronized (unansweredWhy) {
                  if (unansweredWhy.size() < 10) {
                    unansweredWhy.add(answer.body());
                  }
                }
                pause(20);
              }
              case ANSWERED -> {
                if (answer.status() == 201) {
                  long id = id(answer.body());
                  synchronized (out) {
                    out.println(id + " " + email + " 1 1");
                    out.flush();
                  }
                  (during ? created : before).incrementAndGet();
                } else {
                  (other.computeIfAbsent(during ? answer.status() : -answer.status(), s -> new AtomicLong()))
                      .incrementAndGet();
                  pause(20);
                }
              }
            }
          }
          connection.close();
        }, "load-" + w);
        thread.start();
        workers.add(thread);
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }
    Map<Integer, Long> others = new TreeMap<>();
    other.forEach((status, count) -> others.put(status, count.get()));
    long otherCount = others.values().stream().mapToLong(Long::longValue).sum();
    // Statuses before the signal are shown negative: e.g. {-503=2} were answered 503 before SIGTERM.
    System.out.println("before=" + before + " during_201=" + created + " other=" + otherCount + " refused="
        + refused + " unanswered=" + unanswered + " other_statuses=" + others);
    unansweredWhy.forEach(why -> System.err.println("unanswered: " + why));
  }

  private static long id(String customer) {
    try {
      return JSON.readTree(customer).get("id").asLong();
    } catch (IOException e) {
      throw new IllegalStateException("A 201 without a customer: " + customer, e);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
