package dev.customers.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** What every response carries, and how a JSON body is written. */
final class Responses {

  static final String REQUEST_ID = "X-Request-Id";
  static final String API_VERSION = "X-29next-API-Version";
  static final String SUPPORTED_VERSION = "unstable";
  static final String JSON = "application/json";

  /** Where the exchange keeps its request id, for the log of a failure. */
  private static final String REQUEST_ID_ATTRIBUTE = "dev.customers.http.requestId";
  /** A caller's id is echoed only when it cannot forge log lines or headers. */
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final Json json;

  Responses(Json json) {
    this.json = json;
  }

  /** Runs before everything else, so that every response, errors included, has these headers. */
  static void standardHeaders(Context ctx) {
    String sent = ctx.header(REQUEST_ID);
    String requestId = sent != null && SANE_REQUEST_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    ctx.attribute(REQUEST_ID_ATTRIBUTE, requestId);
    ctx.header(REQUEST_ID, requestId);
    ctx.header(API_VERSION, SUPPORTED_VERSION);
    ctx.header("X-Content-Type-Options", "nosniff");
    // Bodies are customers' personal data, or errors that quote them: no cache may keep any of it.
    ctx.header("Cache-Control", "no-store");
  }

  static String requestId(Context ctx) {
    String id = ctx.attribute(REQUEST_ID_ATTRIBUTE);
    return id == null ? "-" : id;
  }

  /**
   * Answers {@code body} as JSON. The bytes go straight to the servlet's stream, replacing anything written before:
   * a Javalin result would be copied through a fresh buffer and a compression check on every response. The
   * answer is sent as its last byte is written, so a refusal says here that its connection closes.
   */
  void json(Context ctx, int status, Object body) {
    byte[] bytes = json.write(body);
    ctx.status(status).contentType(JSON);
    RequestBodies.closeIfBodyUnread(ctx);
    HttpServletResponse response = ctx.res();
    try {
      if (!response.isCommitted()) {
        response.resetBuffer();
      }
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    } catch (IOException clientGone) {
      // Nobody is left to read the answer; the connection closes.
    }
  }

  void detail(Context ctx, int status, String detail) {
    json(ctx, status, Map.of("detail", detail));
  }

  byte[] bytes(Object body) {
    return json.write(body);
  }
}
