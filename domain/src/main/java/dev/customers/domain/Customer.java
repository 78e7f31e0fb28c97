package dev.customers.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A customer as created by {@link CreateCustomer} and kept by a {@link CustomerRepository}. Values are already
 * valid and normalised: email with its domain lower-cased, phone numbers in E.164, tags trimmed and unique
 * ignoring case.
 */
@Value.Immutable
public interface Customer {

  /** Assigned by the repository; empty until the customer is stored. */
  Optional<CustomerId> id();

  String email();

  @Value.Default
  default String firstName() {
    return "";
  }

  @Value.Default
  default String lastName() {
    return "";
  }

  /** E.164, e.g. {@code +14155552671}. */
  Optional<String> phoneNumber();

  Optional<Language> language();

  @Value.Default
  default boolean acceptsMarketing() {
    return false;
  }

  @Value.Default
  default boolean isBlocked() {
    return false;
  }

  Optional<String> ip();

  Optional<String> userAgent();

  @Value.Default
  default Metadata metadata() {
    return Metadata.empty();
  }

  List<String> tags();

  /** In the order they were sent. */
  List<Address> addresses();

  /** When the customer was created, to the microsecond (what every supported database keeps). */
  Instant dateJoined();

  Customer withId(Optional<? extends CustomerId> id);

  Customer withAddresses(Iterable<? extends Address> addresses);

  static Builder builder() {
    return new Builder();
  }

  final class Builder extends ImmutableCustomer.Builder {}
}
