package dev.customers.domain;

import static dev.customers.domain.Violation.Code.BLANK;
import static dev.customers.domain.Violation.Code.INVALID;
import static dev.customers.domain.Violation.Code.INVALID_CHOICE;
import static dev.customers.domain.Violation.Code.NULL;
import static dev.customers.domain.Violation.Code.REQUIRED;

import dev.customers.domain.FieldRules.Text;
import dev.customers.domain.Violation.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The rules of one address of a new customer. */
final class AddressRules {

  private static final int TEXT_MAX = 255;
  private static final int POSTCODE_MAX = 64;
  private static final int PHONE_MAX = 128;

  private AddressRules() {}

  /** The address {@code fields} describe, or {@code null} when any of its rules is broken. */
  static Address check(Map<?, ?> fields, Path path, Violations violations) {
    int before = violations.count();
    Address.Builder address = Address.builder();

    String country = country(fields, path.field("country"), violations);
    if (country != null) {
      address.country(country);
    }
    text(fields, "first_name", path, violations, Text.optional(TEXT_MAX), address::firstName);
    text(fields, "last_name", path, violations, Text.optional(TEXT_MAX), address::lastName);
    requiredText(fields, "line1", path, violations, address::line1);
    text(fields, "line2", path, violations, Text.optional(TEXT_MAX), address::line2);
    text(fields, "line3", path, violations, Text.optional(TEXT_MAX), address::line3);
    requiredText(fields, "line4", path, violations, address::line4);
    text(fields, "state", path, violations, Text.optional(TEXT_MAX), address::state);
    text(fields, "postcode", path, violations, Text.optional(POSTCODE_MAX), address::postcode);
    text(fields, "phone_number", path, violations, Text.optional(PHONE_MAX),
        phone -> phoneNumber(phone, country, path.field("phone_number"), violations).ifPresent(address::phoneNumber));
    text(fields, "notes", path, violations, Text.optional(0), address::notes);
    bool(fields, "is_default_for_billing", path, violations, address::isDefaultForBilling);
    bool(fields, "is_default_for_shipping", path, violations, address::isDefaultForShipping);

    return violations.count() == before ? address.build() : null;
  }

  /** Required; ISO 3166-1 alpha-2 in any case, kept in upper case. */
  private static String country(Map<?, ?> fields, Path path, Violations violations) {
    if (!fields.containsKey("country")) {
      violations.add(path, REQUIRED, Messages.REQUIRED);
      return null;
    }
    Object raw = fields.get("country");
    if (raw == null) {
      violations.add(path, NULL, Messages.NULL);
      return null;
    }
    if (!(raw instanceof String s)) {
      violations.add(path, INVALID_CHOICE, Messages.invalidChoice(raw));
      return null;
    }
    String code = s.strip();
    if (code.isEmpty()) {
      violations.add(path, BLANK, Messages.BLANK);
      return null;
    }
    if (FieldRules.hasForbiddenCharacters(violations, path, code)) {
      return null;
    }
    String upper = code.toUpperCase(Locale.ROOT);
    if (!Countries.isAlpha2(upper)) {
      violations.add(path, INVALID_CHOICE, Messages.invalidChoice(code));
      return null;
    }
    return upper;
  }

  /** "" stays ""; otherwise a valid number, read as dialled in the address's country, kept in E.164. */
  private static Optional<String> phoneNumber(String text, String country, Path path, Violations violations) {
    if (text.isEmpty()) {
      return Optional.of("");
    }
    Optional<String> e164 = country == null ? PhoneNumbers.international(text) : PhoneNumbers.inRegion(text, country);
    if (e164.isEmpty()) {
      violations.add(path, INVALID, Messages.INVALID_PHONE);
    }
    return e164;
  }

  private static void requiredText(
      Map<?, ?> fields, String field, Path path, Violations violations, Consumer<String> setter) {
    if (!fields.containsKey(field)) {
      violations.add(path.field(field), REQUIRED, Messages.REQUIRED);
      return;
    }
    text(fields, field, path, violations, Text.required(TEXT_MAX), setter);
  }

  private static void text(
      Map<?, ?> fields, String field, Path path, Violations violations, Text kind, Consumer<String> setter) {
    if (!fields.containsKey(field)) {
      return;
    }
    String text = FieldRules.text(violations, path.field(field), fields.get(field), kind);
    if (text != null) {
      setter.accept(text);
    }
  }

  private static void bool(
      Map<?, ?> fields, String field, Path path, Violations violations, Consumer<Boolean> setter) {
    if (!fields.containsKey(field)) {
      return;
    }
    Boolean value = FieldRules.bool(violations, path.field(field), fields.get(field));
    if (value != null) {
      setter.accept(value);
    }
  }
}
