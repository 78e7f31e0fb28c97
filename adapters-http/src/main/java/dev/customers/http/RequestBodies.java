package dev.customers.http;

import dev.customers.domain.NewCustomer;
import dev.customers.http.RequestRejected.Reason;
import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Reads the body of a create request, bounded in size and time, and hands it to the domain raw: JSON as parsed,
 * forms through {@link FormFields}. Nothing is judged here: the domain reports a wrong type, or a body that is
 * not an object, together with every other broken rule.
 *
 * <p>Bodies are read as UTF-8 whatever charset the Content-Type names: JSON is UTF-8 (RFC 8259) and so is what
 * browsers send in forms today.
 */
final class RequestBodies {

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data";

  /** How far over the limit an unread body is still read to its end, so that the client hears the answer. */
  private static final int DRAIN_FACTOR = 8;
  private static final int DRAIN_CHUNK = 64 * 1024;

  private final Json json;
  private final FormFields forms;
  private final int maxBodyBytes;
  private final long bodyTimeoutNanos;

  RequestBodies(Json json, int maxBodyBytes, Duration bodyTimeout) {
    this.json = json;
    this.forms = new FormFields(json, maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
  }

  /**
   * The create request in the body of {@code ctx}.
   *
   * @throws RequestRejected for a media type other than JSON, form or multipart, a body over the limit or too
   *     late, or a body that cannot be parsed
   */
  NewCustomer read(Context ctx) throws IOException {
    String contentType = ctx.header("Content-Type");
    String mediaType = mediaType(contentType);
    if (!mediaType.equals(JSON) && !mediaType.equals(FORM) && !mediaType.equals(MULTIPART)) {
      throw new RequestRejected(Reason.UNSUPPORTED_MEDIA_TYPE, contentType == null ? "" : contentType);
    }
    byte[] body = readLimited(ctx);
    switch (mediaType) {
      case JSON:
        return fromJson(body);
      case FORM:
        return forms.urlencoded(body);
      default:
        return forms.multipart(body, contentType);
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The whole body, refused as soon as it is known to be over the limit (by its Content-Length, or while read) or
   * late. A client that trickles its body, a byte a second, would otherwise hold a server thread for as long as it
   * likes, and a few hundred of them every thread. Each read waits at most the body timeout too (the idle timeout
   * of blocking reads, set in {@link CustomersApi}), so a request is answered within twice the timeout.
   */
  private byte[] readLimited(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new RequestRejected(Reason.BODY_TOO_LARGE);
    }
    long started = System.nanoTime();
    InputStream in = ctx.req().getInputStream();
    if (declared >= 0) {
      return readDeclared(in, (int) declared, started);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int read;
    while ((read = readOrTimeOut(() -> in.read(chunk))) != -1) {
      if (body.size() + read > maxBodyBytes) {
        throw new RequestRejected(Reason.BODY_TOO_LARGE);
      }
      body.write(chunk, 0, read);
      if (System.nanoTime() - started > bodyTimeoutNanos) {
        throw new RequestRejected(Reason.BODY_TIMEOUT);
      }
    }
    return body.toByteArray();
  }

  /** A body of a known length, read straight into its array (a create's body is a few KB, every time). */
  private byte[] readDeclared(InputStream in, int length, long started) throws IOException {
    byte[] body = new byte[length];
    int filled = 0;
    while (filled < length) {
      int offset = filled;
      int read = readOrTimeOut(() -> in.read(body, offset, length - offset));
      if (read == -1) {
        // Jetty fails a body cut short of its Content-Length before this; kept as what arrived.
        return Arrays.copyOf(body, filled);
      }
      filled += read;
      if (System.nanoTime() - started > bodyTimeoutNanos) {
        throw new RequestRejected(Reason.BODY_TIMEOUT);
      }
    }
    // One more read meets the end of the stream, so that nothing is left to drop afterwards.
    readOrTimeOut(in::read);
    return body;
  }

  /** One read of the body. */
  @FunctionalInterface
  private interface Read {
    int read() throws IOException;
  }

  /** Does {@code read}; a peer too late for the idle timeout is a 408. */
  private static int readOrTimeOut(Read read) throws IOException {
    try {
      return read.read();
    } catch (IOException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof TimeoutException || cause instanceof InterruptedIOException) {
          throw new RequestRejected(Reason.BODY_TIMEOUT);
        }
      }
      throw e;
    }
  }

  /**
   * Closes the connection after the answer to a request refused before it was admitted (no or a wrong token, a
   * scope, version or rate it lacks, an unknown path...) that has a body it did not read. Nothing more of the body
   * is waited for: anyone could otherwise trickle bodies of refused requests and hold every server thread. Jetty
   * drops what has already arrived, without waiting for more, and closes the connection after the answer; a client
   * that is still sending a large body may then see the connection reset before it reads the answer. A client that
   * waits for "100 Continue" has sent nothing and hears the answer. Admitted requests: {@link #dropUnreadBody}.
   */
  static void closeIfBodyUnread(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    // HTTP/1.1: a request with neither a Content-Length nor Transfer-Encoding has no body (a GET, every time).
    boolean bodyless = declared == 0 || (declared < 0 && ctx.header("Transfer-Encoding") == null);
    // An answer that is no refusal (a 201, a 204 to OPTIONS) read what it needed.
    if (bodyless || ctx.statusCode() < 400 || RequestChecks.admitted(ctx)) {
      return;
    }
    // Touching the stream would send "100 Continue" and invite the body.
    if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
      ctx.header("Connection", "close");
      return;
    }
    try {
      // A body read to its end, as every create's is, leaves nothing unread: the connection may carry the next.
      if (ctx.req().getInputStream().isFinished()) {
        return;
      }
    } catch (IOException | IllegalStateException unreadable) {
      // Not readable any more (a reader was taken, the client is gone): close it in any case.
    }
    ctx.header("Connection", "close");
  }

  /**
   * Reads and drops what is left of the body of an admitted request answered without it (refused by media type,
   * size...), when that is not much. Otherwise Jetty closes the connection while the client is still sending, the
   * client's side resets it, and the reset takes the unread answer with it. Only for callers with a valid token
   * within their rate limit, whom a create lets send a body this slowly anyway; everyone else is closed at once
   * ({@link #closeIfBodyUnread}). A client that waits for "100 Continue" has sent nothing and hears the answer
   * instead; a body far over the limit is not worth reading.
   */
  void dropUnreadBody(Context ctx) {
    if (!RequestChecks.admitted(ctx)) {
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    // HTTP/1.1: a request with neither a Content-Length nor Transfer-Encoding has no body (a GET, every time).
    boolean bodyless = declared == 0 || (declared < 0 && ctx.header("Transfer-Encoding") == null);
    if ("100-continue".equalsIgnoreCase(ctx.header("Expect")) || bodyless
        || declared > (long) maxBodyBytes * DRAIN_FACTOR || ctx.statusCode() == 408) {
      return;
    }
    long started = System.nanoTime();
    try {
      ServletInputStream in = ctx.req().getInputStream();
      // A body read to its end, as every create's is, leaves nothing to drop: no buffer for it either.
      if (in.isFinished()) {
        return;
      }
      byte[] chunk = new byte[DRAIN_CHUNK];
      long dropped = 0;
      int read;
      // Bounded in time as reading is: a slow client is not worth a thread.
      while (dropped <= (long) maxBodyBytes * DRAIN_FACTOR && System.nanoTime() - started < bodyTimeoutNanos
          && (read = in.read(chunk)) != -1) {
        dropped += read;
      }
    } catch (IOException clientGoneOrTooSlow) {
      // Nothing is left to answer: the connection is closing either way.
    }
  }

  /** The document as parsed; the domain judges one that is not an object. */
  private NewCustomer fromJson(byte[] body) {
    if (body.length == 0) {
      // As DRF: no content is no data, and the field rules say what is missing.
      return NewCustomer.of(Map.of());
    }
    return NewCustomer.ofBody(json.read(body));
  }
}
