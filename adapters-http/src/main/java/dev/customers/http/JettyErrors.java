package dev.customers.http;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before a request reaches Javalin (a URI it cannot decode, headers too large): the
 * same JSON body and headers as every other response, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

  private final Responses responses;

  JettyErrors(Responses responses) {
    this.responses = responses;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
    standardHeaders(response.getHeaders());
    response.write(true, ByteBuffer.wrap(body(status)), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    standardHeaders(fields);
    return ByteBuffer.wrap(body(status));
  }

  private static void standardHeaders(HttpFields.Mutable headers) {
    headers.put(HttpHeader.CONTENT_TYPE, Responses.JSON);
    headers.put(Responses.REQUEST_ID, UUID.randomUUID().toString());
    headers.put(Responses.API_VERSION, Responses.SUPPORTED_VERSION);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  private byte[] body(int status) {
    return responses.bytes(Map.of("detail", HttpStatus.getMessage(status) + "."));
  }
}
