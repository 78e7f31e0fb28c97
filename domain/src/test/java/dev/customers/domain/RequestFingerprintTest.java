package dev.customers.domain;

import static dev.customers.domain.Requests.anAddress;
import static dev.customers.domain.Requests.anAddressWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  private static String fingerprint(Map<String, ?> fields) {
    return RequestFingerprint.of(Requests.created(NewCustomer.of(fields)));
  }

  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }

  @Test
  void is_64_hex_digits_and_the_same_for_the_same_request() {
    Map<String, Object> request = fields("email", "jane@example.com", "tags", List.of("vip"));

    assertThat(fingerprint(request)).matches("[0-9a-f]{64}").isEqualTo(fingerprint(request));
  }

  @Test
  void neither_key_order_nor_whitespace_nor_normalised_spelling_matters() {
    Map<String, Object> sent = fields(
        "email", "jane@example.com", "first_name", "Jane", "language", "de",
        "metadata", fields("a", 1, "b", fields("x", "y", "z", List.of(true, "t"))),
        "addresses", List.of(anAddress()));
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("line4", " Berlin ");
    address.put("line1", "Unter den Linden 1");
    address.put("country", "de");
    Map<String, Object> reordered = fields(
        "addresses", List.of(address),
        "metadata", fields("b", fields("z", List.of(true, "t"), "x", "y"), "a", 1),
        "language", " de ", "first_name", "  Jane\t", "email", " jane@EXAMPLE.com ");

    assertThat(fingerprint(reordered)).isEqualTo(fingerprint(sent));
  }

  @Test
  void read_only_and_unknown_fields_do_not_count() {
    assertThat(fingerprint(fields("email", "jane@example.com", "id", 7, "whatever", "x")))
        .isEqualTo(fingerprint(fields("email", "jane@example.com")));
  }

  @Test
  void any_different_value_makes_a_different_fingerprint() {
    String base = fingerprint(fields("email", "jane@example.com", "tags", List.of("a", "b"),
        "metadata", fields("n", new BigDecimal("1.0")), "addresses", List.of(anAddress())));

    assertThat(List.of(
        fingerprint(fields("email", "jane2@example.com", "tags", List.of("a", "b"),
            "metadata", fields("n", new BigDecimal("1.0")), "addresses", List.of(anAddress()))),
        fingerprint(fields("email", "jane@example.com", "tags", List.of("b", "a"),
            "metadata", fields("n", new BigDecimal("1.0")), "addresses", List.of(anAddress()))),
        fingerprint(fields("email", "jane@example.com", "tags", List.of("a", "b"),
            "metadata", fields("n", new BigDecimal("1.00")), "addresses", List.of(anAddress()))),
        fingerprint(fields("email", "jane@example.com", "tags", List.of("a", "b"),
            "metadata", fields("n", "1.0"), "addresses", List.of(anAddress()))),
        fingerprint(fields("email", "jane@example.com", "tags", List.of("a", "b"),
            "metadata", fields("n", new BigDecimal("1.0")),
            "addresses", List.of(anAddressWith("postcode", "10117"))))))
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void a_value_moved_to_the_next_field_is_a_different_request() {
    assertThat(fingerprint(fields("email", "jane@example.com", "first_name", "Ann", "last_name", "")))
        .isNotEqualTo(fingerprint(fields("email", "jane@example.com", "first_name", "", "last_name", "Ann")));
    assertThat(fingerprint(fields("email", "jane@example.com", "accepts_marketing", true)))
        .isNotEqualTo(fingerprint(fields("email", "jane@example.com", "is_blocked", true)));
  }
}
