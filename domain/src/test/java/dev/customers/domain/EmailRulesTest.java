package dev.customers.domain;

import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violations;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailRulesTest {

  /** 64 + 1 + 189 = 254 characters, each part within its own RFC 5321 limit, so only the total is at stake. */
  private static final String LONGEST_EMAIL =
      "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".com";

  private static Customer createdWithEmail(Object email) {
    return created(NewCustomer.of(Map.of("email", email)));
  }

  private static List<Violation> violationsOfEmail(Object email) {
    return violations(NewCustomer.builder().set("email", email).build());
  }

  @ParameterizedTest(name = "{0} is kept as {1}")
  @CsvSource(delimiter = '|', value = {
      "jane@example.com             | jane@example.com",
      "Jane.Doe@Example.COM         | Jane.Doe@example.com",
      "JANE@EXAMPLE.COM             | JANE@example.com",
      "'  jane@example.com  '       | jane@example.com",
      "'\tjane@example.com\n'       | jane@example.com",
      "jane+Shop@Mail.Example.Org   | jane+Shop@mail.example.org",
      "o'Brien_X-1@example.co.uk    | o'Brien_X-1@example.co.uk",
      "user@BÜCHER.de               | user@bücher.de",
  })
  void a_valid_email_is_trimmed_and_its_domain_lower_cased_keeping_the_local_part(String sent, String kept) {
    assertThat(createdWithEmail(sent).email()).isEqualTo(kept);
  }

  @Test
  void an_email_of_exactly_254_characters_is_accepted() {
    assertThat(LONGEST_EMAIL).hasSize(254);

    assertThat(createdWithEmail(LONGEST_EMAIL).email()).isEqualTo(LONGEST_EMAIL);
  }

  @Test
  void an_email_of_255_characters_is_too_long_and_also_reported_as_not_valid() {
    String email = LONGEST_EMAIL.replace("@", "@e");

    assertThat(violationsOfEmail(email)).containsExactly(
        violation("email", "max_length", "Ensure this field has no more than 254 characters."),
        violation("email", "invalid", "Enter a valid email address."));
  }

  @Test
  void the_length_is_counted_after_trimming() {
    assertThat(createdWithEmail("  " + LONGEST_EMAIL + "  ").email()).isEqualTo(LONGEST_EMAIL);
  }

  @Test
  void a_missing_email_is_required() {
    assertThat(violations(NewCustomer.builder().firstName("Jane").build()))
        .containsExactly(violation("email", "required", "This field is required."));
  }

  @Test
  void a_null_email_is_refused() {
    assertThat(violationsOfEmail(null)).containsExactly(violation("email", "null", "This field may not be null."));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", " ", "  \t\n "})
  void a_blank_email_is_refused(String blank) {
    assertThat(violationsOfEmail(blank)).containsExactly(violation("email", "blank", "This field may not be blank."));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "plainaddress",
      "@example.com",
      "jane@",
      "jane@@example.com",
      "jane doe@example.com",
      "jane@exa mple.com",
      "jane@example",
      "jane@localhost",
      ".jane@example.com",
      "jane.@example.com",
      "ja..ne@example.com",
      "jane@example.com.",
      "jane@-example.com",
      "jane@[192.168.0.1]",
      "jane(comment)@example.com",
      "jane@example.com (Jane)",
      "Jane Doe <jane@example.com>",
  })
  void an_invalid_email_is_refused(String email) {
    assertThat(violationsOfEmail(email)).containsExactly(violation("email", "invalid", "Enter a valid email address."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.customers.domain.Requests#notStrings")
  void a_value_of_another_type_is_not_a_valid_string(Object notAString) {
    assertThat(violationsOfEmail(notAString)).containsExactly(violation("email", "invalid", "Not a valid string."));
  }

  @Test
  void a_null_character_is_refused_and_the_syntax_still_checked() {
    assertThat(violationsOfEmail("ja\u0000ne@example.com")).containsExactly(
        violation("email", "null_characters_not_allowed", "Null characters are not allowed."),
        violation("email", "invalid", "Enter a valid email address."));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"0001", "0009", "001F", "007F", "0085"})
  void a_control_character_makes_an_email_invalid(String hex) {
    String email = "ja" + Character.toString(Integer.parseInt(hex, 16)) + "ne@example.com";

    assertThat(violationsOfEmail(email)).containsExactly(violation("email", "invalid", "Enter a valid email address."));
  }

  @Test
  void a_lone_surrogate_is_refused() {
    assertThat(violationsOfEmail("ja\uDC00ne@example.com")).containsExactly(
        violation("email", "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+DC00."),
        violation("email", "invalid", "Enter a valid email address."));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"200B", "FEFF", "00A0", "202E", "200D"})
  void an_invisible_or_format_character_makes_an_email_invalid(String hex) {
    String character = Character.toString(Integer.parseInt(hex, 16));

    assertThat(violationsOfEmail("kate.uni@example.com" + character))
        .containsExactly(violation("email", "invalid", "Enter a valid email address."));
    assertThat(violationsOfEmail("kate" + character + ".uni@example.com"))
        .containsExactly(violation("email", "invalid", "Enter a valid email address."));
  }

  /** Whitespace at either end is trimmed, as any text field's; within an address it is not a character of it. */
  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"2028", "3000", "1680"})
  void a_separator_within_an_email_makes_it_invalid(String hex) {
    assertThat(violationsOfEmail("kate" + Character.toString(Integer.parseInt(hex, 16)) + ".uni@example.com"))
        .containsExactly(violation("email", "invalid", "Enter a valid email address."));
  }

  @Test
  void an_email_is_kept_composed_as_sent() {
    String decomposed = "jose\u0301.x@example.com";

    assertThat(createdWithEmail(decomposed).email()).isEqualTo("jos\u00e9.x@example.com");
    assertThat(createdWithEmail("kate.uni@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com").email())
        .isEqualTo("kate.uni@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com");
  }

  /** Each spelling, though another string, is the mailbox of its plain twin: one key. */
  @ParameterizedTest(name = "{0} is the mailbox of {1}")
  @CsvSource(delimiter = '|', value = {
      "kate.uni@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com | kate.uni@example.com",
      "Kate.Uni@EXAMPLE.com                                 | kate.uni@example.com",
      "jose\u0301.x@example.com                            | jos\u00e9.x@example.com",
      "kate@ex\u00e4mple.com                               | kate@xn--exmple-cua.com",
      "kate@EX\u00c4MPLE.com                               | kate@xn--exmple-cua.com",
      "user@B\u00dcCHER.de                                 | user@xn--bcher-kva.de",
  })
  void spellings_of_one_mailbox_have_one_key(String spelling, String plain) {
    String kept = createdWithEmail(spelling).email();

    assertThat(Customer.emailKey(kept)).isEqualTo(Customer.emailKey(createdWithEmail(plain).email()));
  }

  @Test
  void the_key_is_the_lower_cased_address_with_its_domain_in_ascii() {
    assertThat(Customer.emailKey("Kate.Uni@ex\u00e4mple.com")).isEqualTo("kate.uni@xn--exmple-cua.com");
    assertThat(Customer.emailKey("kate.uni@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"))
        .isEqualTo("kate.uni@example.com");
  }
}
