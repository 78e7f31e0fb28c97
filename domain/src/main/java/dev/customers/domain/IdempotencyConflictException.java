package dev.customers.domain;

/**
 * A create under an {@link IdempotencyKey} that the key's earlier request decides: the key was used with another
 * request, or its first request is still being processed. Nothing was stored.
 */
public final class IdempotencyConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the key cannot serve this request. */
  public enum Reason {
    /** The key was used with a request whose fields differ: answer with a new key. */
    USED_WITH_ANOTHER_REQUEST,
    /** The key's first request has not finished: retry shortly for its answer. */
    IN_FLIGHT
  }

  private final Reason reason;

  public IdempotencyConflictException(Reason reason) {
    super(reason == Reason.IN_FLIGHT ? Messages.KEY_IN_FLIGHT : Messages.KEY_USED_WITH_ANOTHER_REQUEST, null,
        false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
