package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageRulesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"en", "fr", "th", "de", "sv", "no", "it", "es", "nl", "pt", "da", "fi"})
  void each_of_the_twelve_codes_is_accepted(String code) {
    assertThat(createdWith("language", code).language()).hasValueSatisfying(l -> assertThat(l.code()).isEqualTo(code));
  }

  @Test
  void the_twelve_languages_are_exactly_the_contract_s() {
    assertThat(Arrays.stream(Language.values()).map(Language::code))
        .containsExactly("en", "fr", "th", "de", "sv", "no", "it", "es", "nl", "pt", "da", "fi");
  }

  @Test
  void a_language_code_is_trimmed() {
    assertThat(createdWith("language", " de ").language()).contains(Language.DE);
  }

  @Test
  void an_absent_language_is_none() {
    assertThat(created(aCustomer().build()).language()).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "  "})
  void an_empty_language_means_none(String empty) {
    assertThat(createdWith("language", empty).language()).isEmpty();
  }

  @Test
  void a_null_language_means_none() {
    assertThat(createdWith("language", null).language()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"xx", "EN", "De", "english", "en-US", "en_GB", "e", "zh", "ja"})
  void any_other_code_is_not_a_valid_choice(String code) {
    assertThat(violationsWith("language", code))
        .containsExactly(violation("language", "invalid_choice", "\"" + code + "\" is not a valid choice."));
  }

  @Test
  void the_message_quotes_the_trimmed_code() {
    assertThat(violationsWith("language", "  xx  "))
        .containsExactly(violation("language", "invalid_choice", "\"xx\" is not a valid choice."));
  }

  @Test
  void a_value_of_another_type_is_quoted_as_the_reference_s_python_prints_it() {
    assertThat(violationsWith("language", 5))
        .containsExactly(violation("language", "invalid_choice", "\"5\" is not a valid choice."));
    assertThat(violationsWith("language", true))
        .containsExactly(violation("language", "invalid_choice", "\"True\" is not a valid choice."));
    assertThat(violationsWith("language", false))
        .containsExactly(violation("language", "invalid_choice", "\"False\" is not a valid choice."));
  }

  @Test
  void a_list_is_not_a_valid_choice() {
    assertThat(violationsWith("language", List.of("en")))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.path()).isEqualTo("language");
          assertThat(v.code()).isEqualTo("invalid_choice");
          assertThat(v.message()).endsWith(" is not a valid choice.");
        });
  }

  @Test
  void forbidden_characters_are_reported_as_such_and_never_quoted_back() {
    assertThat(violationsWith("language", "e\u0000n"))
        .containsExactly(violation("language", "null_characters_not_allowed", "Null characters are not allowed."));
    assertThat(violationsWith("language", "e\uDC00"))
        .containsExactly(violation("language", "surrogate_characters_not_allowed",
            "Surrogate characters are not allowed: U+DC00."));
  }

  @Test
  void language_of_answers_the_language_or_throws_the_contract_s_message() {
    assertThat(Language.of("th").nativeName()).isEqualTo("ภาษาไทย");
    assertThatIllegalArgumentException().isThrownBy(() -> Language.of("xx"))
        .withMessage("\"xx\" is not a valid choice.");
  }
}
