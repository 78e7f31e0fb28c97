package dev.customers.http;

import java.util.List;

/**
 * A request refused before it reaches a use case. Only the reason and its arguments travel here: the status code,
 * the headers and the words clients see are chosen in {@link ErrorResponses}, the one place that maps errors.
 */
final class RequestRejected extends RuntimeException {

  private static final long serialVersionUID = 1L;

  enum Reason {
    NOT_AUTHENTICATED,
    INCORRECT_CREDENTIALS,
    PERMISSION_DENIED,
    /** Argument: the version sent. */
    UNSUPPORTED_VERSION,
    THROTTLED,
    /** An Idempotency-Key header that is not 1 to 255 printable ASCII characters. */
    INVALID_IDEMPOTENCY_KEY,
    /** Argument: the Content-Type sent, or "". */
    UNSUPPORTED_MEDIA_TYPE,
    BODY_TOO_LARGE,
    /** The body did not arrive within the body timeout. */
    BODY_TIMEOUT,
    /** Argument: what went wrong and where. */
    JSON_PARSE_ERROR,
    /** Argument: what went wrong. */
    MULTIPART_PARSE_ERROR,
    NOT_FOUND,
    /** Arguments: the method, the methods the path allows. */
    METHOD_NOT_ALLOWED
  }

  private final Reason reason;
  private final transient List<String> arguments;

  RequestRejected(Reason reason, String... arguments) {
    // No stack trace: these are answers, not failures.
    super(reason.name(), null, false, false);
    this.reason = reason;
    this.arguments = List.of(arguments);
  }

  Reason reason() {
    return reason;
  }

  String argument(int index) {
    return arguments.get(index);
  }
}
