package dev.customers.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A customer as created by {@link CreateCustomer} and kept by a {@link CustomerRepository}. Values are already
 * valid and normalised: email composed (NFC) with its domain lower-cased, phone numbers in E.164, tags trimmed and
 * unique ignoring case. The builder refuses, with an {@link IllegalStateException}, a customer that breaks what a
 * stored customer always has: a valid, normalised email, tags unique ignoring case, at most one default address
 * of each kind (and valid addresses, see {@link Address}), so a repository can trust what it is given.
 */
@Value.Immutable
public interface Customer {

  /** Assigned by the repository; empty until the customer is stored. */
  Optional<CustomerId> id();

  /**
   * Its domain in lower case, its local part as sent; composed (NFC) and free of invisible characters when
   * {@link CreateCustomer} made it (customers stored by earlier releases may be neither).
   */
  String email();

  /** This customer's {@linkplain #emailKey(String) mailbox}: no two stored customers have the same. */
  default String emailKey() {
    return emailKey(email());
  }

  /**
   * What makes two spellings of an address one mailbox, for a repository's unique key: the address composed (NFC),
   * lower-cased, its domain in ASCII as IDNA writes it (punycode). {@code Kate@ｅｘａｍｐｌｅ.com} (fullwidth),
   * {@code kate@example.com}, and {@code kate@exämple.com} beside {@code kate@xn--exmple-cua.com} have one key each
   * pair. For a valid, normalised email such as {@link #email()}.
   */
  static String emailKey(String email) {
    return Emails.key(email);
  }

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

  Customer withId(CustomerId id);

  Customer withAddresses(Iterable<? extends Address> addresses);

  /** What every customer has, whoever built it; the rules with their messages are {@link CreateCustomer}'s. */
  @Value.Check
  default void checkInvariants() {
    if (!Emails.isValidAndNormalised(email())) {
      // Without the address: exception messages reach logs.
      throw new IllegalStateException(
          "A customer's email is a valid address of at most 254 characters, trimmed, its domain in lower case");
    }
    Set<String> tags = new HashSet<>();
    for (String tag : tags()) {
      if (!tags.add(TagRules.caseless(tag))) {
        throw new IllegalStateException("A customer's tags are unique ignoring case");
      }
    }
    if (addresses().stream().filter(Address::isDefaultForBilling).count() > 1) {
      throw new IllegalStateException("A customer has at most one default billing address");
    }
    if (addresses().stream().filter(Address::isDefaultForShipping).count() > 1) {
      throw new IllegalStateException("A customer has at most one default shipping address");
    }
  }

  static Builder builder() {
    return new Builder();
  }

  final class Builder extends ImmutableCustomer.Builder {}
}
