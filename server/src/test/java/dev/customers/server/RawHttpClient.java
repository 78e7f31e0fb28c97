package dev.customers.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over one kept-alive connection, as a client library does, telling apart what java.net.http cannot: a
 * connection that could not be had (nothing was sent: safe to send again) from a request that was sent and got no
 * answer (the client cannot know whether it was carried out). Reconnects after a {@code Connection: close}, and,
 * as client libraries do, before reusing a connection that has been idle a while, checks that the server has not
 * closed it meanwhile.
 *
 * <p>Public for reliability/StopLoad.java, which runs with these test classes on its class path.
 */
public final class RawHttpClient implements AutoCloseable {

  /** What became of a request. */
  public enum Outcome {
    ANSWERED,
    /** No connection (refused, not accepted in time, or found closed before sending): nothing was sent. */
    NOT_CONNECTED,
    /** Sent, or partly sent, and then the connection was reset or closed before a whole answer. */
    UNANSWERED
  }

  /** The status and body of an answer; for a request without one, what went wrong instead of a body. */
  public record Answer(Outcome outcome, int status, String body) {}

  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int READ_TIMEOUT_MILLIS = 30_000;
  private static final long STALE_CHECK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final InetSocketAddress server;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private long idleSince;

  public RawHttpClient(int port) {
    this.server = new InetSocketAddress("127.0.0.1", port);
  }

  /** A POST of {@code json} to {@code path} with this bearer token. */
  public Answer post(String path, String token, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
        + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\n\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    return send(request.toByteArray());
  }

  /** A GET of {@code path}, no token. */
  Answer get(String path) {
    return send(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  private Answer send(byte[] request) {
    if (socket != null && System.nanoTime() - idleSince > STALE_CHECK_AFTER_NANOS && closedByTheServer()) {
      close();
      return new Answer(Outcome.NOT_CONNECTED, 0, "closed by the server while idle");
    }
    if (socket == null) {
      try {
        Socket opened = new Socket();
        opened.setSoTimeout(READ_TIMEOUT_MILLIS);
        opened.connect(server, CONNECT_TIMEOUT_MILLIS);
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
      out.write(request);
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
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      } catch (IOException closed) {
        // Found out by the next read.
      }
    }
  }

  private Answer read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("Not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = parts[0].equals("HTTP/1.0");
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
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
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
    return new Answer(Outcome.ANSWERED, status, body.toString(StandardCharsets.UTF_8));
  }

  private byte[] exactly(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("The answer ended after " + bytes.length + " of " + length + " bytes");
    }
    return bytes;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("The connection ended before an answer" + (line.length() > 0 ? ": " + line : ""));
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  /** Whether the connection is kept for the next request (the server has not said it closes it). */
  boolean isOpen() {
    return socket != null;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing what is already gone.
      }
      socket = null;
    }
  }
}
