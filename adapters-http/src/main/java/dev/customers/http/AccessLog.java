package dev.customers.http;

import io.javalin.http.Context;
import java.io.PrintStream;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One line per request: time, method, path, status, duration and request id. Never a body, a header value, the
 * query string, or a path segment that could be personal data.
 */
final class AccessLog {

  /** A path segment is written as sent only when it is plain: an id, a word. Anything else (an email) is "*". */
  private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._~-]{0,64}");
  private static final int MAX_SEGMENTS = 8;
  /** The longest method and path written: a client may send a method or a path of kilobytes. */
  static final int MAX_METHOD = 16;
  static final int MAX_PATH = 512;
  private static final Pattern TOKEN_CHARACTER = Pattern.compile("[^A-Za-z0-9!#$%&'*+.^_`|~-]");

  private final PrintStream out;
  private final ApiSettings.LogFormat format;

  AccessLog(PrintStream out, ApiSettings.LogFormat format) {
    this.out = out;
    this.format = format;
  }

  void record(Context ctx, int status, float millis) {
    String method = safeMethod(ctx.method().name());
    String path = safePath(ctx.path());
    String requestId = Responses.requestId(ctx);
    String duration = oneDecimal(millis);
    String time = Instant.now().toString();
    // Every value is plain ASCII without quotes or backslashes (the request id is checked in Responses), so it
    // needs no escaping in either format.
    out.println(format == ApiSettings.LogFormat.JSON
        ? "{\"time\":\"" + time + "\",\"type\":\"access\",\"method\":\"" + method + "\",\"path\":\"" + path
            + "\",\"status\":" + status + ",\"duration_ms\":" + duration + ",\"request_id\":\"" + requestId + "\"}"
        : time + " access " + method + " " + path + " " + status + " " + duration + "ms " + requestId);
  }

  /** {@code millis} with one decimal, as {@code "%.1f"} writes it: String.format cost 3% of a create's CPU. */
  static String oneDecimal(float millis) {
    long tenths = Math.round(Math.max(0, millis) * 10.0);
    return (tenths / 10) + "." + (tenths % 10);
  }

  /** The method, its first {@value #MAX_METHOD} characters, anything but a token's characters as "*". */
  static String safeMethod(String method) {
    String cut = method.length() > MAX_METHOD ? method.substring(0, MAX_METHOD) + "*" : method;
    return TOKEN_CHARACTER.matcher(cut).replaceAll("*");
  }

  /**
   * The path with every segment that is not plain replaced by "*", at most a few segments long and
   * {@value #MAX_PATH} characters.
   */
  static String safePath(String path) {
    String safe = plainSegments(path);
    return safe.length() > MAX_PATH ? safe.substring(0, MAX_PATH) + "*" : safe;
  }

  private static String plainSegments(String path) {
    StringBuilder safe = new StringBuilder(path.length());
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        safe.append('/');
      }
      if (i > MAX_SEGMENTS) {
        safe.append('*');
        break;
      }
      safe.append(PLAIN_SEGMENT.matcher(segments[i]).matches() ? segments[i] : "*");
    }
    return safe.toString();
  }
}
