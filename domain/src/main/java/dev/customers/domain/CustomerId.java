package dev.customers.domain;

/** The identity a repository assigns to a stored customer. */
public record CustomerId(long value) {

  public CustomerId {
    if (value <= 0) {
      throw new IllegalArgumentException("A customer id is positive, got " + value);
    }
  }

  public static CustomerId of(long value) {
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
