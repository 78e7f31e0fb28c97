package dev.customers.domain;

import static dev.customers.domain.Violation.Code.INVALID;
import static dev.customers.domain.Violation.Code.INVALID_CHOICE;
import static dev.customers.domain.Violation.Code.MAX_LENGTH;
import static dev.customers.domain.Violation.Code.NOT_A_LIST;
import static dev.customers.domain.Violation.Code.NULL;
import static dev.customers.domain.Violation.Code.ONLY_ONE_DEFAULT;
import static dev.customers.domain.Violation.Code.REQUIRED;

import com.sanctionco.jmail.net.InternetProtocolAddress;
import dev.customers.domain.FieldRules.Text;
import dev.customers.domain.Violation.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every field rule of a new customer, as small named checks. {@link #check} reads a {@link NewCustomer}, records
 * each broken rule and, when there is none, answers the normalised customer (without id).
 */
final class CustomerRules {

  static final int NAME_MAX = 255;
  static final int ADDRESSES_MAX = 50;

  private CustomerRules() {}

  /**
   * The customer {@code command} describes, joined at {@code joined}, or {@code null} when {@code violations} got
   * anything. {@code emailTaken} is asked only about a valid email, and only when other rules are broken.
   */
  static Customer check(NewCustomer command, Violations violations, Predicate<String> emailTaken, Instant joined) {
    if (!command.isObject()) {
      notAnObject(command.body(), violations);
      return null;
    }
    Customer.Builder customer = Customer.builder().dateJoined(joined);

    String email = email(command, violations);
    if (email != null) {
      customer.email(email);
    }
    optionalText(command, "first_name", violations, Text.optional(NAME_MAX)).ifPresent(customer::firstName);
    optionalText(command, "last_name", violations, Text.optional(NAME_MAX)).ifPresent(customer::lastName);
    customer.phoneNumber(phoneNumber(command, violations));
    customer.language(language(command, violations));
    optionalBool(command, "accepts_marketing", violations).ifPresent(customer::acceptsMarketing);
    optionalBool(command, "is_blocked", violations).ifPresent(customer::isBlocked);
    customer.ip(ip(command, violations));
    customer.userAgent(optionalText(command, "user_agent", violations, Text.nullable(0)));
    customer.metadata(MetadataRules.check(command, violations));
    customer.tags(TagRules.check(command, violations));
    customer.addAllAddresses(addresses(command, violations));

    // A taken email of an otherwise valid request is settled by the repository's save (its unique index), which
    // saves a round trip per create; asking beforehand pays only when the answer joins other violations.
    if (email != null && violations.any() && emailTaken.test(email)) {
      violations.addFirst(Violation.emailTaken());
    }
    return violations.any() ? null : customer.build();
  }

  /** As the reference: a body that is not an object is judged as a whole, and none of its fields is read. */
  private static void notAnObject(Object body, Violations violations) {
    if (body == null) {
      violations.add(Path.WHOLE, NULL, Messages.NO_DATA);
    } else {
      violations.add(Path.WHOLE, INVALID, Messages.notAnObject(body));
    }
  }

  /** Required; composed (NFC) and trimmed; a valid address of at most 254 characters; its domain lower-cased. */
  static String email(NewCustomer command, Violations violations) {
    if (!command.has("email")) {
      violations.add(Path.of("email"), REQUIRED, Messages.REQUIRED);
      return null;
    }
    int before = violations.count();
    // Composed first: what is checked, counted and kept is one spelling of each character.
    Object raw = command.get("email") instanceof String s ? Emails.composed(s) : command.get("email");
    String text = FieldRules.text(violations, Path.of("email"), raw, Text.required(Emails.MAX_LENGTH));
    if (text == null) {
      String sent = FieldRules.asText(raw);
      // Like the reference, a too-long address is also checked for syntax, so both messages show.
      if (sent != null && violations.count() > before && !sent.isBlank() && !Emails.isValid(sent.strip())) {
        violations.add(Path.of("email"), INVALID, Messages.INVALID_EMAIL);
      }
      return null;
    }
    if (!Emails.isValid(text)) {
      violations.add(Path.of("email"), INVALID, Messages.INVALID_EMAIL);
      return null;
    }
    return Emails.normalised(text);
  }

  static Optional<String> phoneNumber(NewCustomer command, Violations violations) {
    String text = optionalText(command, "phone_number", violations, Text.nullable(0)).orElse("");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> e164 = PhoneNumbers.international(text);
    if (e164.isEmpty()) {
      violations.add(Path.of("phone_number"), INVALID, Messages.INVALID_PHONE);
    }
    return e164;
  }

  /** One of the twelve codes; "" and null both mean none. */
  static Optional<Language> language(NewCustomer command, Violations violations) {
    Object raw = command.get("language");
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof String s)) {
      violations.add(Path.of("language"), INVALID_CHOICE, Messages.invalidChoice(raw));
      return Optional.empty();
    }
    String code = s.strip();
    if (code.isEmpty()) {
      return Optional.empty();
    }
    if (FieldRules.hasForbiddenCharacters(violations, Path.of("language"), code)) {
      return Optional.empty();
    }
    Optional<Language> language = Language.find(code);
    if (language.isEmpty()) {
      violations.add(Path.of("language"), INVALID_CHOICE, Messages.invalidChoice(code));
    }
    return language;
  }

  /** IPv4 or IPv6; "" and null both mean none. */
  static Optional<String> ip(NewCustomer command, Violations violations) {
    String text = optionalText(command, "ip", violations, Text.nullable(0)).orElse("");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!InternetProtocolAddress.isValid(text) || hasLeadingZeroOctet(text)) {
      violations.add(Path.of("ip"), INVALID, Messages.INVALID_IP);
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /**
   * Whether the dotted-decimal part of an IPv4 (or IPv4-mapped IPv6) address has an octet like {@code 01}: some
   * parsers read it as octal, so the reference refuses it, and so do we.
   */
  private static boolean hasLeadingZeroOctet(String ip) {
    String dotted = ip.substring(ip.lastIndexOf(':') + 1);
    if (dotted.indexOf('.') < 0) {
      return false;
    }
    for (String octet : dotted.split("\\.", -1)) {
      if (octet.length() > 1 && octet.charAt(0) == '0') {
        return true;
      }
    }
    return false;
  }

  /** At most 50 addresses, each checked; at most one default billing and one default shipping address. */
  static List<Address> addresses(NewCustomer command, Violations violations) {
    if (!command.has("addresses")) {
      return List.of();
    }
    Object raw = command.get("addresses");
    if (raw == null) {
      violations.add(Path.of("addresses"), NULL, Messages.NULL);
      return List.of();
    }
    if (raw instanceof NewCustomer.NotJson) {
      violations.add(Path.of("addresses"), INVALID, Messages.INVALID_JSON);
      return List.of();
    }
    if (!(raw instanceof List<?> items)) {
      violations.add(Path.of("addresses"), NOT_A_LIST, Messages.notAList(raw));
      return List.of();
    }
    // As the reference: a list that is too long is refused before its items are read.
    if (items.size() > ADDRESSES_MAX) {
      violations.add(Path.of("addresses"), MAX_LENGTH, Messages.maxElements(ADDRESSES_MAX));
      return List.of();
    }
    List<Address> addresses = new ArrayList<>(items.size());
    boolean billingTaken = false;
    boolean shippingTaken = false;
    for (int i = 0; i < items.size(); i++) {
      Path path = Path.of("addresses").item(i);
      if (items.get(i) == null) {
        violations.add(path, NULL, Messages.NULL);
        continue;
      }
      if (!(items.get(i) instanceof Map<?, ?> fields)) {
        violations.add(path, INVALID, Messages.notAnObject(items.get(i)));
        continue;
      }
      Address address = AddressRules.check(fields, path, violations);
      // Read from the raw flags, so that an address broken elsewhere still counts: every violation shows at once.
      if (FieldRules.isTrue(fields.get("is_default_for_billing"))) {
        if (billingTaken) {
          violations.add(path.field("is_default_for_billing"), ONLY_ONE_DEFAULT, Messages.ONLY_ONE_DEFAULT_BILLING);
        }
        billingTaken = true;
      }
      if (FieldRules.isTrue(fields.get("is_default_for_shipping"))) {
        if (shippingTaken) {
          violations.add(path.field("is_default_for_shipping"), ONLY_ONE_DEFAULT, Messages.ONLY_ONE_DEFAULT_SHIPPING);
        }
        shippingTaken = true;
      }
      if (address != null) {
        addresses.add(address);
      }
    }
    return addresses;
  }

  private static Optional<String> optionalText(NewCustomer command, String field, Violations violations, Text kind) {
    if (!command.has(field)) {
      return Optional.empty();
    }
    return Optional.ofNullable(FieldRules.text(violations, Path.of(field), command.get(field), kind));
  }

  private static Optional<Boolean> optionalBool(NewCustomer command, String field, Violations violations) {
    if (!command.has(field)) {
      return Optional.empty();
    }
    return Optional.ofNullable(FieldRules.bool(violations, Path.of(field), command.get(field)));
  }
}
