package dev.customers.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What makes two creates the same request: a SHA-256 of the customer the rules made of it, so only parsed and
 * normalised values count (not the bytes, their whitespace or key order; {@code "DE"} and {@code " de"} are the
 * same country). Metadata objects are hashed with their keys sorted; a number by its spelling as parsed, so
 * {@code 1.0} and {@code 1.00}, which are stored and answered differently, are different requests. Every value is
 * written with its kind and length, so no two different customers write the same bytes.
 */
final class RequestFingerprint {

  private final MessageDigest sha256;

  private RequestFingerprint() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  /** 64 lower-case hex digits. The id and the date joined do not count: a retry comes later. */
  static String of(Customer customer) {
    RequestFingerprint print = new RequestFingerprint();
    print.text(customer.email()).text(customer.firstName()).text(customer.lastName())
        .optional(customer.phoneNumber()).optional(customer.language().map(Language::code))
        .bool(customer.acceptsMarketing()).bool(customer.isBlocked())
        .optional(customer.ip()).optional(customer.userAgent())
        .value(customer.metadata().asMap())
        .value(customer.tags());
    print.kind('A', customer.addresses().size());
    for (Address address : customer.addresses()) {
      print.text(address.country()).text(address.firstName()).text(address.lastName())
          .text(address.line1()).text(address.line2()).text(address.line3()).text(address.line4())
          .text(address.state()).text(address.postcode()).text(address.phoneNumber()).text(address.notes())
          .bool(address.isDefaultForBilling()).bool(address.isDefaultForShipping());
    }
    return HexFormat.of().formatHex(print.sha256.digest());
  }

  private RequestFingerprint text(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    kind('s', bytes.length);
    sha256.update(bytes);
    return this;
  }

  private RequestFingerprint optional(Optional<String> text) {
    return text.isPresent() ? text(text.get()) : kind('n', 0);
  }

  private RequestFingerprint bool(boolean value) {
    return kind(value ? 't' : 'f', 0);
  }

  /** A JSON-like value, as {@link Metadata} holds them. */
  private RequestFingerprint value(Object value) {
    if (value == null) {
      return kind('n', 0);
    }
    if (value instanceof String text) {
      return text(text);
    }
    if (value instanceof Boolean bool) {
      return bool(bool);
    }
    if (value instanceof Number number) {
      kind('#', 0);
      return text(number.toString());
    }
    if (value instanceof Map<?, ?> object) {
      kind('{', object.size());
      for (Map.Entry<?, ?> entry : new TreeMap<>(object).entrySet()) {
        text((String) entry.getKey()).value(entry.getValue());
      }
      return this;
    }
    if (value instanceof List<?> list) {
      kind('[', list.size());
      for (Object item : list) {
        value(item);
      }
      return this;
    }
    throw new IllegalArgumentException("Not a JSON-like value: " + value.getClass().getName());
  }

  private RequestFingerprint kind(char kind, int length) {
    sha256.update((byte) kind);
    sha256.update((byte) (length >>> 24));
    sha256.update((byte) (length >>> 16));
    sha256.update((byte) (length >>> 8));
    sha256.update((byte) length);
    return this;
  }
}
