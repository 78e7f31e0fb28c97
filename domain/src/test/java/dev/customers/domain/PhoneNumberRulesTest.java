package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.addressViolations;
import static dev.customers.domain.Requests.anAddressWith;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdAddress;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The customer's phone_number (international form only) and an address's (read in the address's country). */
class PhoneNumberRulesTest {

  @ParameterizedTest(name = "{0} is kept as {1}")
  @CsvSource(delimiter = '|', value = {
      "+14155552671            | +14155552671",
      "+1 415 555 2671         | +14155552671",
      "+1 (415) 555-2671       | +14155552671",
      "+1.415.555.2671         | +14155552671",
      "'  +1 415 555 2671  '   | +14155552671",
      "+49 30 12345678         | +493012345678",
      "+49 (0)30 12345678      | +493012345678",
      "+44 20 7946 0958        | +442079460958",
      "+33 1 42 68 53 00       | +33142685300",
      "+66 2 123 4567          | +6621234567",
      "tel:+1-415-555-2671     | +14155552671",
      "+1 415 CALL NOW         | +14152255669",
      "＋１ ４１５ ５５５ ２６７１ | +14155552671",
  })
  void a_valid_number_in_international_form_is_kept_in_e164(String sent, String kept) {
    assertThat(createdWith("phone_number", sent).phoneNumber()).contains(kept);
  }

  @Test
  void an_absent_phone_number_is_none() {
    assertThat(created(aCustomer().build()).phoneNumber()).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   "})
  void an_empty_phone_number_means_none(String empty) {
    assertThat(createdWith("phone_number", empty).phoneNumber()).isEmpty();
  }

  @Test
  void a_null_phone_number_means_none() {
    assertThat(createdWith("phone_number", null).phoneNumber()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "4155552671",
      "(415) 555-2671",
      "030 12345678",
      "+1 415 555 267",
      "+1 415 555 26711",
      "+999 1234567",
      "+",
      "phone",
      "12",
  })
  void a_number_not_in_valid_international_form_is_refused(String number) {
    assertThat(violationsWith("phone_number", number))
        .containsExactly(violation("phone_number", "invalid", "Enter a valid phone number."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.customers.domain.Requests#notStrings")
  void a_value_of_another_type_is_not_a_valid_string(Object notAString) {
    assertThat(violationsWith("phone_number", notAString))
        .containsExactly(violation("phone_number", "invalid", "Not a valid string."));
  }

  @Test
  void a_null_character_is_refused_alone() {
    assertThat(violationsWith("phone_number", "+1 415 555 2671\u0000")).containsExactly(
        violation("phone_number", "null_characters_not_allowed", "Null characters are not allowed."));
  }

  @ParameterizedTest(name = "{1} in {0} is kept as {2}")
  @CsvSource(delimiter = '|', value = {
      "DE | 030 12345678        | +493012345678",
      "de | 030 12345678        | +493012345678",
      "DE | +49 30 12345678     | +493012345678",
      "US | (415) 555-2671      | +14155552671",
      "US | 415.555.2671        | +14155552671",
      "GB | 020 7946 0958       | +442079460958",
      "FR | 01 42 68 53 00      | +33142685300",
      "TH | 02 123 4567         | +6621234567",
      "DE | +1 415 555 2671     | +14155552671",
  })
  void an_address_phone_number_is_read_in_the_address_country_and_kept_in_e164(
      String country, String sent, String kept) {
    Address address = createdAddress(Map.of("country", country, "line1", "Main St 1", "line4", "Town",
        "phone_number", sent));

    assertThat(address.phoneNumber()).isEqualTo(kept);
  }

  @Test
  void the_same_digits_mean_different_numbers_in_different_countries() {
    assertThat(createdAddress(Map.of("country", "US", "line1", "1 Main St", "line4", "Springfield",
        "phone_number", "(415) 555-2671")).phoneNumber()).isEqualTo("+14155552671");
    assertThat(createdAddress(Map.of("country", "DE", "line1", "Hauptstr. 1", "line4", "Berlin",
        "phone_number", "(415) 555-2671")).phoneNumber()).isEqualTo("+494155552671");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   "})
  void an_empty_address_phone_number_stays_empty(String empty) {
    assertThat(createdAddress(anAddressWith("phone_number", empty)).phoneNumber()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"12", "555", "030 1", "+1 415 555 267", "phone"})
  void an_address_phone_number_that_is_not_valid_in_its_country_is_refused(String number) {
    assertThat(addressViolations(anAddressWith("phone_number", number)))
        .containsExactly(violation("addresses[0].phone_number", "invalid", "Enter a valid phone number."));
  }

  @Test
  void an_address_phone_number_of_exactly_128_characters_is_accepted() {
    // libphonenumber skips punctuation between digits, so padding keeps the number valid.
    String padded = "+1" + "-".repeat(116) + "4155552671";
    assertThat(padded).hasSize(128);

    assertThat(createdAddress(anAddressWith("phone_number", padded)).phoneNumber()).isEqualTo("+14155552671");
  }

  @Test
  void an_address_phone_number_of_129_characters_is_too_long() {
    String padded = "+1" + "-".repeat(117) + "4155552671";

    assertThat(addressViolations(anAddressWith("phone_number", padded))).containsExactly(
        violation("addresses[0].phone_number", "max_length", "Ensure this field has no more than 128 characters."));
  }

  @Test
  void a_null_address_phone_number_is_refused() {
    assertThat(addressViolations(anAddressWith("phone_number", null)))
        .containsExactly(violation("addresses[0].phone_number", "null", "This field may not be null."));
  }

  @Test
  void an_address_phone_number_that_is_not_a_string_is_refused() {
    assertThat(addressViolations(anAddressWith("phone_number", true)))
        .containsExactly(violation("addresses[0].phone_number", "invalid", "Not a valid string."));
  }
}
