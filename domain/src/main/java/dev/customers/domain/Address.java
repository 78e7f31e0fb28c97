package dev.customers.domain;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A postal address of a customer. Values are already valid and normalised: {@link CreateCustomer} checks the
 * raw input; {@code country} is an upper-case ISO 3166-1 alpha-2 code and {@code phoneNumber} is E.164 or "".
 * The builder refuses an address without a country code or without {@code line1} and {@code line4}, with an
 * {@link IllegalStateException}: what a stored address always has.
 */
@Value.Immutable
public interface Address {

  /** Assigned by the repository; empty until the customer is stored. */
  Optional<AddressId> id();

  String country();

  @Value.Default
  default String firstName() {
    return "";
  }

  @Value.Default
  default String lastName() {
    return "";
  }

  String line1();

  @Value.Default
  default String line2() {
    return "";
  }

  @Value.Default
  default String line3() {
    return "";
  }

  /** The city. */
  String line4();

  @Value.Default
  default String state() {
    return "";
  }

  @Value.Default
  default String postcode() {
    return "";
  }

  @Value.Default
  default String phoneNumber() {
    return "";
  }

  @Value.Default
  default String notes() {
    return "";
  }

  @Value.Default
  default boolean isDefaultForBilling() {
    return false;
  }

  @Value.Default
  default boolean isDefaultForShipping() {
    return false;
  }

  Address withId(AddressId id);

  /** What every address has, whoever built it; the rules with their messages are {@link CreateCustomer}'s. */
  @Value.Check
  default void checkInvariants() {
    if (!Countries.isAlpha2(country())) {
      throw new IllegalStateException("An address's country is an upper-case ISO 3166-1 alpha-2 code");
    }
    if (line1().isBlank() || line4().isBlank()) {
      throw new IllegalStateException("An address has a line1 and a line4 (the city)");
    }
  }

  static Builder builder() {
    return new Builder();
  }

  final class Builder extends ImmutableAddress.Builder {}
}
