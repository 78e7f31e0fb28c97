package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.NewCustomer.NotJson;
import dev.customers.domain.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one mapper from violation paths to DRF's error shapes. */
class ValidationErrorsTest {

  private static Violation violation(String path, String code, String message) {
    return new Violation(path, code, message);
  }

  /** How many addresses a request of these fields sent, as the domain counts them. */
  private static int sent(Map<String, Object> fields) {
    return fields.get("addresses") instanceof List<?> addresses ? addresses.size() : 0;
  }

  @Test
  void a_field_gets_its_messages_in_order() {
    Map<String, Object> body = ValidationErrors.of(List.of(
        violation("email", "max_length", "too long"),
        violation("email", "invalid", "not an email")), sent(Map.of()));

    assertThat(body).isEqualTo(Map.of("email", List.of("too long", "not an email")));
  }

  @Test
  void list_items_are_keyed_by_index() {
    Map<String, Object> body = ValidationErrors.of(List.of(
        violation("tags[2]", "blank", "blank"),
        violation("tags[10]", "invalid", "not a string")), sent(Map.of()));

    assertThat(body).isEqualTo(Map.of("tags", Map.of("2", List.of("blank"), "10", List.of("not a string"))));
  }

  @Test
  void address_errors_are_a_list_as_long_as_the_addresses_sent() {
    Map<String, Object> body = ValidationErrors.of(List.of(
        violation("addresses[1].country", "required", "required"),
        violation("addresses[1].line1", "blank", "blank")),
        sent(Map.of("addresses", List.of(Map.of(), Map.of(), Map.of()))));

    assertThat(body).isEqualTo(Map.of("addresses", List.of(
        Map.of(), Map.of("country", List.of("required"), "line1", List.of("blank")), Map.of())));
  }

  @Test
  void a_whole_address_is_a_non_field_error_of_its_entry() {
    Map<String, Object> body = ValidationErrors.of(List.of(violation("addresses[0]", "invalid", "not a dict")),
        sent(Map.of("addresses", List.of("x"))));

    assertThat(body).isEqualTo(Map.of("addresses", List.of(Map.of("non_field_errors", List.of("not a dict")))));
  }

  @Test
  void list_serializer_errors_of_addresses_are_non_field_errors_of_the_list() {
    assertThat(ValidationErrors.of(List.of(violation("addresses", Violation.Code.NOT_A_LIST, "not a list")),
        sent(Map.of("addresses", "x")))).isEqualTo(Map.of("addresses", Map.of("non_field_errors", List.of("not a list"))));
    assertThat(ValidationErrors.of(List.of(violation("addresses", Violation.Code.MAX_LENGTH, "too many")),
        sent(Map.of()))).isEqualTo(Map.of("addresses", Map.of("non_field_errors", List.of("too many"))));
  }

  @Test
  void null_addresses_and_list_errors_of_tags_stay_plain() {
    Map<String, Object> body = ValidationErrors.of(List.of(
        violation("addresses", Violation.Code.NULL, "may not be null"),
        violation("tags", Violation.Code.MAX_LENGTH, "too many")), sent(Map.of()));

    assertThat(body).isEqualTo(Map.of("addresses", List.of("may not be null"), "tags", List.of("too many")));
  }

  @Test
  void a_form_field_that_was_not_json_is_reported_as_such() {
    Map<String, Object> body = ValidationErrors.of(List.of(
        violation("metadata", Violation.Code.INVALID, "Value must be valid JSON."),
        violation("addresses", Violation.Code.INVALID, "Value must be valid JSON."),
        violation("email", "invalid", "bad")),
        sent(Map.of("metadata", new NotJson("{"), "addresses", new NotJson("["))));

    assertThat(body).isEqualTo(Map.of(
        "metadata", List.of("Value must be valid JSON."),
        "addresses", List.of("Value must be valid JSON."),
        "email", List.of("bad")));
  }

  @Test
  void a_violation_of_the_whole_request_is_a_non_field_error_worded_by_the_domain() {
    Map<String, Object> body = ValidationErrors.of(
        List.of(violation(Violation.WHOLE_REQUEST, "invalid", "not an object")), 0);

    assertThat(body).isEqualTo(Map.of("non_field_errors", List.of("not an object")));
  }
}
