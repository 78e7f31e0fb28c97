package dev.customers.http;

import dev.customers.http.RequestRejected.Reason;
import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Promise;

/**
 * Turns the body of a create request into raw values for the domain: JSON as parsed; form and multipart bodies as
 * flat text fields, {@code tags} from repeated keys, {@code metadata} and {@code addresses} from JSON text. Types
 * are not checked here: the domain reports a wrong type together with every other broken rule.
 *
 * <p>Bodies are read as UTF-8 whatever charset the Content-Type names: JSON is UTF-8 (RFC 8259) and so is what
 * browsers send in forms today.
 */
final class RequestBodies {

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data";
  /** The fields a form carries as JSON text, since a flat form cannot nest. */
  private static final Set<String> JSON_TEXT_FIELDS = Set.of("metadata", "addresses");
  /** A form sends a list as repeated keys. */
  private static final String LIST_FIELD = "tags";
  /** As in DRF, an empty boolean form field is not sent: an HTML checkbox left empty means the default. */
  private static final Set<String> BOOLEAN_FIELDS = Set.of("accepts_marketing", "is_blocked");
  private static final int MAX_PARTS = 1000;
  /** How far over the limit an unread body is still read to its end, so that the client hears the answer. */
  private static final int DRAIN_FACTOR = 8;
  private static final int DRAIN_CHUNK = 64 * 1024;

  private final Json json;
  private final int maxBodyBytes;
  private final long bodyTimeoutNanos;

  RequestBodies(Json json, int maxBodyBytes, Duration bodyTimeout) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
  }

  /**
   * The create request in the body of {@code ctx}.
   *
   * @throws RequestRejected for a media type other than JSON, form or multipart, a body over the limit, or a body
   *     that cannot be parsed
   */
  CreateRequest read(Context ctx) throws IOException {
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
        return fromForm(formFields(body));
      default:
        return fromForm(multipartFields(body, contentType));
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
   * Reads and drops what is left of the body of a request answered without it (refused by auth, media type, size,
   * an unknown path...), when that is not much. Otherwise Jetty closes the connection while the client is still
   * sending, the client's side resets it, and the reset takes the unread answer with it. A client that waits for
   * "100 Continue" has sent nothing and hears the answer instead; a body far over the limit is not worth reading.
   */
  void dropUnreadBody(Context ctx) {
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

  private CreateRequest fromJson(byte[] body) {
    if (body.length == 0) {
      // As DRF: no content is no data, and the field rules say what is missing.
      return new CreateRequest(Map.of(), Set.of());
    }
    Object document = json.read(body);
    if (document == null) {
      throw new RequestRejected(Reason.NO_DATA);
    }
    if (!(document instanceof Map<?, ?> object)) {
      throw new RequestRejected(Reason.NOT_A_DICTIONARY, pythonType(document));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) object;
    return new CreateRequest(fields, Set.of());
  }

  /** Flat fields to raw values: the last of repeated keys (as Django's QueryDict), all of them for tags. */
  private CreateRequest fromForm(Map<String, List<String>> form) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Set<String> invalidJson = new HashSet<>();
    for (Map.Entry<String, List<String>> entry : form.entrySet()) {
      String name = entry.getKey();
      List<String> values = entry.getValue();
      String last = values.get(values.size() - 1);
      if (name.equals(LIST_FIELD)) {
        fields.put(name, List.copyOf(values));
      } else if (JSON_TEXT_FIELDS.contains(name)) {
        if (last.isBlank()) {
          // An empty form field means nothing sent: no metadata, no addresses.
          fields.put(name, name.equals("metadata") ? null : List.of());
        } else {
          Json.Value parsed = json.readIfValid(last).orElse(null);
          if (parsed == null) {
            invalidJson.add(name);
            fields.put(name, last);
          } else {
            fields.put(name, parsed.value());
          }
        }
      } else if (!(BOOLEAN_FIELDS.contains(name) && last.isEmpty())) {
        fields.put(name, last);
      }
    }
    return new CreateRequest(fields, invalidJson);
  }

  /** application/x-www-form-urlencoded, decoded leniently as Django does: a stray % stays a %. */
  private static Map<String, List<String>> formFields(byte[] body) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%' && i + 2 < encoded.length() && isHex(encoded.charAt(i + 1)) && isHex(encoded.charAt(i + 2))) {
        bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    // Malformed UTF-8 becomes U+FFFD, as Django's decoding with errors="replace".
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }

  /** The text parts of multipart/form-data, in order; file parts are not fields of a customer and are skipped. */
  private Map<String, List<String>> multipartFields(byte[] body, String contentType) {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw new RequestRejected(Reason.MULTIPART_PARSE_ERROR, "Invalid boundary in multipart: None");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxLength(maxBodyBytes);
    parser.setMaxMemoryFileSize(maxBodyBytes);
    parser.setMaxParts(MAX_PARTS);
    parser.setUseFilesForPartsWithoutFileName(false);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    // The whole body is in memory, so parsing completes before join() is reached.
    CompletableFuture<MultiPartFormData.Parts> parsed = new CompletableFuture<>();
    parser.parse(Content.Source.from(ByteBuffer.wrap(body)), Promise.Invocable.toPromise(parsed));
    try (MultiPartFormData.Parts parts = parsed.join()) {
      for (MultiPart.Part part : parts) {
        if (part.getFileName() == null && part.getName() != null) {
          fields.computeIfAbsent(part.getName(), key -> new ArrayList<>())
              .add(part.getContentAsString(StandardCharsets.UTF_8));
        }
      }
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RequestRejected(Reason.MULTIPART_PARSE_ERROR, String.valueOf(cause.getMessage()));
    }
    return fields;
  }

  /** The name the reference's Python gives the type of a JSON value; DRF's messages quote it. */
  static String pythonType(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof List) {
      return "list";
    }
    if (value instanceof Map) {
      return "dict";
    }
    return value instanceof BigDecimal ? "float" : "int";
  }
}
