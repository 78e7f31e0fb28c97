package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** first_name, last_name (at most 255, may be empty) and user_agent (nullable, no limit of its own). */
class TextFieldRulesTest {

  private static final String EMOJI = "\uD83D\uDE00";

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("first_name", (Function<Customer, String>) Customer::firstName),
        Arguments.of("last_name", (Function<Customer, String>) Customer::lastName));
  }

  static Stream<String> allTextFields() {
    return Stream.of("first_name", "last_name", "user_agent");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void an_absent_name_is_empty(String field, Function<Customer, String> read) {
    assertThat(read.apply(created(aCustomer().build()))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void a_name_is_trimmed(String field, Function<Customer, String> read) {
    assertThat(read.apply(createdWith(field, " \t Anne-Marie O'Neil \n"))).isEqualTo("Anne-Marie O'Neil");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void a_name_may_be_empty_or_blank_and_is_then_empty(String field, Function<Customer, String> read) {
    assertThat(read.apply(createdWith(field, ""))).isEmpty();
    assertThat(read.apply(createdWith(field, "   "))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void a_name_keeps_unicode_as_sent(String field, Function<Customer, String> read) {
    assertThat(read.apply(createdWith(field, "Zoë 李 ภาษาไทย " + EMOJI))).isEqualTo("Zoë 李 ภาษาไทย " + EMOJI);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void a_name_of_exactly_255_characters_is_accepted(String field, Function<Customer, String> read) {
    String longest = "x".repeat(255);

    assertThat(read.apply(createdWith(field, longest))).isEqualTo(longest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void a_name_of_256_characters_is_too_long(String field, Function<Customer, String> read) {
    assertThat(violationsWith(field, "x".repeat(256)))
        .containsExactly(violation(field, "max_length", "Ensure this field has no more than 255 characters."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void an_emoji_counts_as_one_character(String field, Function<Customer, String> read) {
    String longest = EMOJI.repeat(255);
    assertThat(longest).hasSize(510);

    assertThat(read.apply(createdWith(field, longest))).isEqualTo(longest);
    assertThat(violationsWith(field, EMOJI.repeat(256)))
        .containsExactly(violation(field, "max_length", "Ensure this field has no more than 255 characters."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void the_length_of_a_name_is_counted_after_trimming(String field, Function<Customer, String> read) {
    assertThat(read.apply(createdWith(field, "  " + "x".repeat(255) + "  "))).hasSize(255);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void a_null_name_is_refused(String field, Function<Customer, String> read) {
    assertThat(violationsWith(field, null)).containsExactly(violation(field, "null", "This field may not be null."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allTextFields")
  void a_number_a_boolean_a_list_or_an_object_is_not_a_valid_string(String field) {
    Requests.notStrings().forEach(notAString -> assertThat(violationsWith(field, notAString))
        .as("%s = %s", field, notAString)
        .containsExactly(violation(field, "invalid", "Not a valid string.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allTextFields")
  void a_null_character_is_refused(String field) {
    assertThat(violationsWith(field, "Ja\u0000ne"))
        .containsExactly(violation(field, "null_characters_not_allowed", "Null characters are not allowed."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allTextFields")
  void lone_surrogates_are_refused_with_the_first_one_named(String field) {
    assertThat(violationsWith(field, "a\uD83Db")).containsExactly(
        violation(field, "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+D83D."));
    assertThat(violationsWith(field, "\uDE00ab")).containsExactly(
        violation(field, "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+DE00."));
    assertThat(violationsWith(field, "ab\uDE00\uD83D")).containsExactly(
        violation(field, "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+DE00."));
    assertThat(violationsWith(field, "ab\uD83D")).containsExactly(
        violation(field, "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+D83D."));
  }

  @Test
  void a_string_with_both_a_null_character_and_a_lone_surrogate_gets_both_messages() {
    assertThat(violationsWith("first_name", "\u0000\uD800")).containsExactly(
        violation("first_name", "null_characters_not_allowed", "Null characters are not allowed."),
        violation("first_name", "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+D800."));
  }

  @Test
  void a_too_long_name_with_a_null_character_gets_both_messages() {
    assertThat(violationsWith("last_name", "\u0000".repeat(256))).containsExactly(
        violation("last_name", "max_length", "Ensure this field has no more than 255 characters."),
        violation("last_name", "null_characters_not_allowed", "Null characters are not allowed."));
  }

  @Test
  void an_absent_or_null_user_agent_is_none() {
    assertThat(created(aCustomer().build()).userAgent()).isEmpty();
    assertThat(createdWith("user_agent", null).userAgent()).isEmpty();
  }

  @Test
  void a_user_agent_is_trimmed_and_kept() {
    String agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

    assertThat(createdWith("user_agent", "  " + agent + "\n").userAgent()).contains(agent);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   "})
  void an_empty_user_agent_stays_empty(String empty) {
    assertThat(createdWith("user_agent", empty).userAgent()).contains("");
  }

  @Test
  void a_user_agent_has_no_length_limit_of_its_own() {
    String agent = "A".repeat(100_000);

    assertThat(createdWith("user_agent", agent).userAgent()).contains(agent);
  }
}
