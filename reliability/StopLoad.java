import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of reliability/stop.sh: {@code java reliability/StopLoad.java load --port P --token T --acks FILE
 * --signalled FILE --stop-file FILE --threads N --run R}, with the server jar on the class path (for Jackson).
 *
 * <p>Creates customers from several threads, each over one kept-alive HTTP/1.1 connection as client libraries
 * send them (reconnecting after {@code Connection: close}), until the stop file exists. Every 201 is appended to the
 * acknowledgement file as "id email 1 1" (one address, one tag: CrashLoad.java's format, so that its check reads
 * them back). Each request ends one of three ways, counted apart, and counted as "during" once the signalled file
 * exists: answered (by status); not connected (refused, not accepted within 2 s, or a kept-alive connection found
 * closed by the server before sending, as client libraries check after a while idle: nothing was sent, safe to send
 * again); or unanswered (sent, then the connection was reset or closed before a whole answer: the client cannot
 * know whether its customer was created). java.net.http cannot tell the last two apart, hence the small client here.
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
          Connection connection = new Connection(port);
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
                    unansweredWhy.add(answer.detail());
                  }
                }
                pause(20);
              }
              case ANSWERED -> {
                if (answer.status() == 201) {
                  long id = id(answer.detail());
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

  enum Outcome { ANSWERED, NOT_CONNECTED, UNANSWERED }

  record Answer(Outcome outcome, int status, String detail) {}

  /** HTTP/1.1 over one kept-alive connection; a new one after Connection: close or a failure. */
  static final class Connection {
    private final InetSocketAddress server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long idleSince;

    Connection(int port) {
      this.server = new InetSocketAddress("127.0.0.1", port);
    }

    Answer post(String path, String token, String json) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.getPort()
          + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      request.writeBytes(body);
      if (socket != null && System.nanoTime() - idleSince > 100_000_000L && closedByTheServer()) {
        close();
        return new Answer(Outcome.NOT_CONNECTED, 0, "closed by the server while idle");
      }
      if (socket == null) {
        try {
          Socket opened = new Socket();
          opened.setSoTimeout(30_000);
          opened.connect(server, 2_000);
          socket = opened;
          in = new BufferedInputStream(opened.getInputStream());
          out = opened.getOutputStream();
        } catch (ConnectException | SocketTimeoutException notConnected) {
          return new Answer(Outcome.NOT_CONNECTED, 0, notConnected.toString());
        } catch (IOException other) {
          return new Answer(Outcome.NOT_CONNECTED, 0, other.toString());
        }
      }
      try {
        out.write(request.toByteArray());
        out.flush();
        Answer answer = read();
        idleSince = System.nanoTime();
        return answer;
      } catch (IOException | RuntimeException sentButNoAnswer) {
        close();
        return new Answer(Outcome.UNANSWERED, 0, sentButNoAnswer.toString());
      }
    }

    /** Whether the server has closed the connection: it reads as ended (or reset) at once. */
    private boolean closedByTheServer() {
      try {
        socket.setSoTimeout(1);
        in.mark(1);
        if (in.read() < 0) {
          return true;
        }
        in.reset();
        return false;
      } catch (SocketTimeoutException open) {
        return false;
      } catch (IOException closed) {
        return true;
      } finally {
        try {
          socket.setSoTimeout(30_000);
        } catch (IOException closed) {
          // Found out by the next read.
        }
      }
    }

    private Answer read() throws IOException {
      String[] status = line().split(" ", 3);
      if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
        throw new IOException("Not an HTTP answer: " + String.join(" ", status));
      }
      long length = -1;
      boolean chunked = false;
      boolean close = status[0].equals("HTTP/1.0");
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.contains("chunked");
          case "connection" -> close |= value.contains("close");
          default -> { }
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (chunked) {
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
          body.writeBytes(exactly(size));
          line();
        }
        while (!line().isEmpty()) {
          // Trailers, none expected.
        }
      } else if (length >= 0) {
        body.writeBytes(exactly((int) length));
      } else {
        body.writeBytes(in.readAllBytes());
        close = true;
      }
      if (close) {
        close();
      }
      return new Answer(Outcome.ANSWERED, Integer.parseInt(status[1]), body.toString(StandardCharsets.UTF_8));
    }

    private int chunkSize() throws IOException {
      return Integer.parseInt(line().split(";")[0].strip(), 16);
    }

    private byte[] exactly(int length) throws IOException {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length < length) {
        throw new EOFException("the answer ended after " + bytes.length + " of " + length + " bytes");
      }
      return bytes;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new EOFException("the connection ended before a whole answer" + (line.length() > 0 ? ": " + line : ""));
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Already gone.
        }
        socket = null;
      }
    }
  }
}
