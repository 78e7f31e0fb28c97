package dev.customers.http;

import dev.customers.domain.IdempotencyConflictException;
import dev.customers.domain.InvalidCustomerException;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.http.HttpMetrics.Refusal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP responses: status, headers, and the words clients see of a refusal of the
 * request itself (auth, version, rate, idempotency key, media type, size, time, parse, not found). The words of a
 * refused customer are the domain's, shaped by {@link ValidationErrors}. Handlers throw; they hold no try/catch.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  static final String SERVER_ERROR = "A server error occurred.";
  private static final String UNAVAILABLE = "Service temporarily unavailable.";

  private final Responses responses;

  ErrorResponses(Responses responses) {
    this.responses = responses;
  }

  /** Answers every failure on every path of the app here: for the server, which answers nothing but this API. */
  void install(RoutesConfig routes) {
    routes.exception(RequestRejected.class, this::rejected);
    routes.exception(InvalidCustomerException.class, this::invalid);
    routes.exception(IdempotencyConflictException.class, this::conflict);
    routes.exception(StorageUnavailableException.class, this::unavailable);
    routes.exception(HttpResponseException.class, this::fromJavalin);
    routes.exception(Exception.class, this::unexpected);
  }

  /**
   * {@code handler}, its failures answered here. For a host's app: Javalin's exception handlers are app-wide, so
   * they stay the host's, and this API's failures never reach them.
   */
  Handler answering(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Exception failure) {
        answer(failure, ctx);
      }
    };
  }

  /** As {@link #install} dispatches: the most specific type first. */
  private void answer(Exception failure, Context ctx) {
    if (failure instanceof RequestRejected rejected) {
      rejected(rejected, ctx);
    } else if (failure instanceof InvalidCustomerException invalid) {
      invalid(invalid, ctx);
    } else if (failure instanceof IdempotencyConflictException conflict) {
      conflict(conflict, ctx);
    } else if (failure instanceof StorageUnavailableException unavailable) {
      unavailable(unavailable, ctx);
    } else if (failure instanceof HttpResponseException refused) {
      fromJavalin(refused, ctx);
    } else {
      unexpected(failure, ctx);
    }
  }

  private void rejected(RequestRejected rejected, Context ctx) {
    switch (rejected.reason()) {
      case NOT_AUTHENTICATED:
        ctx.header("WWW-Authenticate", "Bearer");
        responses.detail(ctx, 401, "Authentication credentials were not provided.");
        break;
      case INCORRECT_CREDENTIALS:
        ctx.header("WWW-Authenticate", "Bearer");
        responses.detail(ctx, 401, "Incorrect authentication credentials.");
        break;
      case PERMISSION_DENIED:
        responses.detail(ctx, 403, "You do not have permission to perform this action.");
        break;
      case UNSUPPORTED_VERSION:
        responses.detail(ctx, 400, "Unsupported API version \"" + rejected.argument(0) + "\". Supported versions: "
            + Responses.SUPPORTED_VERSION + ".");
        break;
      case THROTTLED:
        HttpMetrics.refusing(ctx, Refusal.THROTTLED);
        ctx.header("Retry-After", "1");
        responses.detail(ctx, 429, "Request was throttled. Expected available in 1 second.");
        break;
      case INVALID_IDEMPOTENCY_KEY:
        HttpMetrics.refusing(ctx, Refusal.INVALID);
        responses.detail(ctx, 400, "Idempotency-Key must be 1 to 255 printable ASCII characters.");
        break;
      case UNSUPPORTED_MEDIA_TYPE:
        HttpMetrics.refusing(ctx, Refusal.INVALID);
        responses.detail(ctx, 415, "Unsupported media type \"" + rejected.argument(0) + "\" in request.");
        break;
      case BODY_TOO_LARGE:
        HttpMetrics.refusing(ctx, Refusal.INVALID);
        responses.detail(ctx, 413, "Request body is too large.");
        break;
      case BODY_TIMEOUT:
        HttpMetrics.refusing(ctx, Refusal.INVALID);
        // The rest of the body is not waited for: the connection cannot carry another request.
        ctx.header("Connection", "close");
        responses.detail(ctx, 408, "Request Timeout.");
        break;
      case JSON_PARSE_ERROR:
        HttpMetrics.refusing(ctx, Refusal.INVALID);
        responses.detail(ctx, 400, "JSON parse error - " + rejected.argument(0));
        break;
      case MULTIPART_PARSE_ERROR:
        HttpMetrics.refusing(ctx, Refusal.INVALID);
        responses.detail(ctx, 400, "Multipart form parse error - " + rejected.argument(0));
        break;
      case NOT_FOUND:
        responses.detail(ctx, 404, "Not found.");
        break;
      case METHOD_NOT_ALLOWED:
        ctx.header("Allow", rejected.argument(1));
        responses.detail(ctx, 405, "Method \"" + rejected.argument(0) + "\" not allowed.");
        break;
      default:
        throw new IllegalStateException("No response for " + rejected.reason());
    }
  }

  private void invalid(InvalidCustomerException invalid, Context ctx) {
    HttpMetrics.refusing(ctx, invalid.emailTaken() ? Refusal.EMAIL_TAKEN : Refusal.INVALID);
    responses.json(ctx, 400, ValidationErrors.of(invalid.violations(), invalid.addressesSent()));
  }

  /** The words are the domain's: what a key's earlier request decides is its concept. */
  private void conflict(IdempotencyConflictException conflict, Context ctx) {
    switch (conflict.reason()) {
      case IN_FLIGHT:
        ctx.header("Retry-After", "1");
        responses.detail(ctx, 409, conflict.getMessage());
        break;
      case USED_WITH_ANOTHER_REQUEST:
        responses.detail(ctx, 422, conflict.getMessage());
        break;
      default:
        throw new IllegalStateException("No response for " + conflict.reason());
    }
  }

  private void unavailable(StorageUnavailableException unavailable, Context ctx) {
    HttpMetrics.refusing(ctx, Refusal.UNAVAILABLE);
    LOG.warn("Request {} {} {}: storage unavailable: {}", Responses.requestId(ctx), ctx.method(), ctx.path(),
        unavailable.getMessage(), unavailable.getCause());
    ctx.header("Retry-After", "1");
    responses.detail(ctx, 503, UNAVAILABLE);
  }

  /** What Javalin itself refuses: a path nothing answers, a body over its limit. */
  private void fromJavalin(HttpResponseException refused, Context ctx) {
    switch (refused.getStatus()) {
      case 404:
        rejected(new RequestRejected(RequestRejected.Reason.NOT_FOUND), ctx);
        break;
      case 413:
        rejected(new RequestRejected(RequestRejected.Reason.BODY_TOO_LARGE), ctx);
        break;
      default:
        if (refused.getStatus() >= 500) {
          unexpected(refused, ctx);
        } else {
          responses.detail(ctx, refused.getStatus(), String.valueOf(refused.getMessage()));
        }
    }
  }

  private void unexpected(Exception failure, Context ctx) {
    if (failure instanceof HttpException refused && refused.getCode() >= 400 && refused.getCode() < 500) {
      // Jetty refusing what the client sent, e.g. a broken chunked body: the client's error, not ours.
      responses.detail(ctx, refused.getCode(), HttpStatus.getMessage(refused.getCode()) + ".");
      return;
    }
    // The cause and the request id, never the body or the Authorization header.
    LOG.error("Request {} {} {} failed", Responses.requestId(ctx), ctx.method(), ctx.path(), failure);
    responses.detail(ctx, 500, SERVER_ERROR);
  }
}
