package dev.customers.domain;

/** The identity a repository assigns to a stored address. */
public record AddressId(long value) {

  public AddressId {
    if (value <= 0) {
      throw new IllegalArgumentException("An address id is positive, got " + value);
    }
  }

  public static AddressId of(long value) {
    return new AddressId(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
