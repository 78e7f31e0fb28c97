package dev.customers.domain;

/**
 * The storage behind a {@link CustomerRepository} cannot be reached right now (no connection within the
 * configured timeout, the database is down). Nothing was stored; the same request may succeed later.
 */
public final class StorageUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
