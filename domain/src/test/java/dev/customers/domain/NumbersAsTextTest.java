package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.anAddressWith;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdAddress;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A number where a string belongs is taken as its text, as the reference's CharField takes it. */
class NumbersAsTextTest {

  @Test
  void the_contracts_examples() {
    assertThat(createdAddress(anAddressWith("postcode", 94105)).postcode()).isEqualTo("94105");
    assertThat(createdWith("last_name", 7).lastName()).isEqualTo("7");
    assertThat(createdWith("tags", List.of(1)).tags()).containsExactly("1");
    assertThat(violationsWith("ip", 3232235521L))
        .containsExactly(violation("ip", "invalid", "Enter a valid IPv4 or IPv6 address."));
  }

  @ParameterizedTest(name = "{0} is \"{1}\"")
  @CsvSource({
      "1.5, 1.5", "1e3, 1000.0", "1E+3, 1000.0", "1.50, 1.5", "100, 100.0", "-2.5, -2.5", "0.0, 0.0",
      "1e16, 1e+16", "1e15, 1000000000000000.0", "0.0001, 0.0001", "1e-05, 1e-05", "1e-7, 1e-07",
      "2.82879384806159e17, 2.82879384806159e+17", "123456789012345678.0, 1.2345678901234568e+17",
      "0.30000000000000004, 0.30000000000000004", "0.1000000000000000055511151231257827, 0.1", "1e400, inf",
      "-1e400, -inf", "5e-324, 5e-324"})
  void a_number_with_a_point_or_an_exponent_is_the_float_python_reads_printed_as_str_prints_it(
      String json, String text) {
    // A JSON parser hands such a number over as a BigDecimal ("100" here stands for "100.0": the parser's scale).
    BigDecimal number = json.equals("100") ? new BigDecimal("100.0") : new BigDecimal(json);

    assertThat(createdWith("first_name", number).firstName()).isEqualTo(text);
  }

  @Test
  void integers_are_taken_as_written_whatever_their_size() {
    assertThat(createdWith("first_name", 42).firstName()).isEqualTo("42");
    assertThat(createdWith("first_name", -9_007_199_254_740_993L).firstName()).isEqualTo("-9007199254740993");
    assertThat(createdWith("first_name", new BigInteger("123456789012345678901234567890")).firstName())
        .isEqualTo("123456789012345678901234567890");
  }

  @Test
  void doubles_and_floats_of_an_embedder_are_printed_as_python_prints_floats() {
    assertThat(createdWith("user_agent", 4.2).userAgent()).contains("4.2");
    assertThat(createdWith("user_agent", 1e22).userAgent()).contains("1e+22");
    assertThat(createdWith("user_agent", 1.1f).userAgent()).contains("1.1");
  }

  @Test
  void the_text_of_a_number_meets_the_rules_of_the_field() {
    assertThat(violationsWith("first_name", new BigInteger("9".repeat(256))))
        .containsExactly(
            violation("first_name", "max_length", "Ensure this field has no more than 255 characters."));
    assertThat(violationsWith("email", 5))
        .containsExactly(violation("email", "invalid", "Enter a valid email address."));
    assertThat(violationsWith("email", new BigInteger("9".repeat(255)))).containsExactly(
        violation("email", "max_length", "Ensure this field has no more than 254 characters."),
        violation("email", "invalid", "Enter a valid email address."));
    assertThat(violationsWith("phone_number", 4155552671L))
        .containsExactly(violation("phone_number", "invalid", "Enter a valid phone number."));
  }

  @Test
  void an_address_phone_number_sent_as_a_number_is_read_in_the_address_country() {
    assertThat(createdAddress(anAddressWith("phone_number", 3012345678L)).phoneNumber()).isEqualTo("+493012345678");
  }

  @Test
  void every_tag_and_address_text_field_takes_numbers() {
    Customer customer = created(aCustomer().set("tags", List.of(1, 2.5, "x")).address(anAddressWith("line1", 10)).build());

    assertThat(customer.tags()).containsExactly("1", "2.5", "x");
    assertThat(customer.addresses().get(0).line1()).isEqualTo("10");
  }

  @Test
  void a_boolean_is_still_not_a_string() {
    assertThat(violationsWith("last_name", true))
        .containsExactly(violation("last_name", "invalid", "Not a valid string."));
  }

  @Test
  void a_choice_sent_as_a_number_is_quoted_as_python_prints_it() {
    assertThat(violationsWith("language", new BigDecimal("1e3")))
        .containsExactly(violation("language", "invalid_choice", "\"1000.0\" is not a valid choice."));
    assertThat(violationsWith("language", 7))
        .containsExactly(violation("language", "invalid_choice", "\"7\" is not a valid choice."));
  }
}
