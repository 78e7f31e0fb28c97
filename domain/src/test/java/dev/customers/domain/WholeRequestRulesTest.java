package dev.customers.domain;

import static dev.customers.domain.Requests.CLOCK;
import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violations;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.customers.domain.NewCustomer.NotJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the domain judges of a request beyond its fields: a body that is not an object, text that is not JSON. */
class WholeRequestRulesTest {

  @Test
  void a_body_that_is_not_an_object_is_one_violation_of_the_whole_request_naming_its_python_type() {
    Map<Object, String> types = Map.of(
        List.of(), "list", "user@example.com", "str", 42, "int", new BigDecimal("4.2"), "float", 4.2, "float",
        true, "bool");

    types.forEach((body, type) -> assertThat(violations(NewCustomer.ofBody(body))).as("%s", body).containsExactly(
        violation("", "invalid", "Invalid data. Expected a dictionary, but got " + type + ".")));
  }

  @Test
  void a_null_body_is_no_data() {
    assertThat(violations(NewCustomer.ofBody(null))).containsExactly(violation("", "null", "No data provided"));
  }

  @Test
  void a_body_that_is_not_an_object_reads_no_field_and_asks_the_storage_nothing() {
    FakeCustomers customers = FakeCustomers.empty();

    InvalidCustomerException refused = catchThrowableOfType(InvalidCustomerException.class,
        () -> new CreateCustomer(customers, CLOCK).create(NewCustomer.ofBody(List.of(Map.of("email", "x")))));

    assertThat(refused.violations()).extracting(Violation::path).containsExactly(Violation.WHOLE_REQUEST);
    assertThat(customers.emailsAskedAbout()).isEmpty();
  }

  @Test
  void an_object_body_is_its_fields() {
    assertThat(NewCustomer.ofBody(Map.of("email", "jane@example.com")).fields())
        .isEqualTo(Map.of("email", "jane@example.com"));
  }

  @Test
  void metadata_or_addresses_sent_as_text_that_is_not_json_must_be_valid_json() {
    assertThat(violationsWith("metadata", new NotJson("{not json")))
        .containsExactly(violation("metadata", "invalid", "Value must be valid JSON."));
    assertThat(violationsWith("addresses", new NotJson("Main Street 1")))
        .containsExactly(violation("addresses", "invalid", "Value must be valid JSON."));
  }

  @Test
  void text_that_is_not_json_keeps_what_the_client_sent_out_of_logs() {
    assertThat(new NotJson("jane@example.com")).hasToString("NotJson");
    assertThat(NewCustomer.ofBody("jane@example.com")).hasToString("NewCustomer(not an object)");
  }

  @Test
  void the_refusal_says_how_many_addresses_came_and_whether_the_email_was_taken() {
    NewCustomer command = aCustomer().email("nope")
        .address(Map.of("country", "DE", "line1", "x", "line4", "Berlin"))
        .address(Map.of("line1", "y"))
        .build();

    InvalidCustomerException refused = catchThrowableOfType(InvalidCustomerException.class,
        () -> new CreateCustomer(FakeCustomers.empty(), CLOCK).create(command));

    assertThat(refused.addressesSent()).isEqualTo(2);
    assertThat(refused.emailTaken()).isFalse();
    assertThat(new InvalidCustomerException(List.of(Violation.emailTaken())).emailTaken()).isTrue();
  }
}
