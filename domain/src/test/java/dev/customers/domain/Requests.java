package dev.customers.domain;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Create requests as the tests send them: through {@link CreateCustomer}, over an empty {@link FakeCustomers}. */
final class Requests {

  /** Nanoseconds on purpose: the customer keeps microseconds only. */
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Requests() {}

  /** A request that breaks no rule, to be completed with the field under test. */
  static NewCustomer.Builder aCustomer() {
    return NewCustomer.builder().email("jane@example.com");
  }

  /** The fields of an address that breaks no rule; mutable, so a test can change or drop one. */
  static Map<String, Object> anAddress() {
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("country", "DE");
    address.put("line1", "Unter den Linden 1");
    address.put("line4", "Berlin");
    return address;
  }

  static Map<String, Object> anAddressWith(String field, Object value) {
    Map<String, Object> address = anAddress();
    address.put(field, value);
    return address;
  }

  static Customer created(NewCustomer command) {
    return new CreateCustomer(FakeCustomers.empty(), CLOCK).create(command).customer();
  }

  static Customer createdWith(String field, Object value) {
    return created(aCustomer().set(field, value).build());
  }

  static Address createdAddress(Map<String, ?> address) {
    return created(aCustomer().address(address).build()).addresses().get(0);
  }

  /** Every violation of {@code command}; fails when the customer is created instead. */
  static List<Violation> violations(NewCustomer command) {
    InvalidCustomerException refused =
        catchThrowableOfType(InvalidCustomerException.class, () -> created(command));
    if (refused == null) {
      throw new AssertionError("Expected " + command + " to be refused, but the customer was created");
    }
    return refused.violations();
  }

  static List<Violation> violationsWith(String field, Object value) {
    return violations(aCustomer().set(field, value).build());
  }

  static List<Violation> addressViolations(Map<String, ?> address) {
    return violations(aCustomer().address(address).build());
  }

  /**
   * What a JSON parser makes of values that are not strings and not taken as text: booleans, arrays, objects. (A
   * number is taken as its text.)
   */
  static Stream<Object> notStrings() {
    return Stream.of(true, false, List.of("text"), Map.of("key", "text"));
  }

  static Violation violation(String path, String code, String message) {
    return new Violation(path, code, message);
  }
}
