package dev.customers.domain;

import static dev.customers.domain.Requests.CLOCK;
import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.anAddress;
import static dev.customers.domain.Requests.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateCustomerTest {

  private static final Violation EMAIL_TAKEN =
      new Violation("email", "unique", "user with this email already exists.");

  private final FakeCustomers customers = FakeCustomers.empty();
  private final CreateCustomer createCustomer = new CreateCustomer(customers, CLOCK);

  private List<Violation> violationsOf(NewCustomer command) {
    InvalidCustomerException refused =
        catchThrowableOfType(InvalidCustomerException.class, () -> createCustomer.create(command));
    assertThat(refused).as("refused").isNotNull();
    return refused.violations();
  }

  @Test
  void a_valid_request_is_stored_and_answered_with_its_ids_and_the_time_to_the_microsecond() {
    Customer created = createCustomer.create(aCustomer().firstName("Jane").address(anAddress()).build()).customer();

    assertThat(created.id()).isPresent();
    assertThat(created.addresses()).allSatisfy(address -> assertThat(address.id()).isPresent());
    assertThat(created.dateJoined()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
    assertThat(customers.stored()).containsExactly(created);
    assertThat(customers.findById(created.id().orElseThrow())).contains(created);
  }

  @Test
  void every_violation_of_one_request_comes_in_one_exception_in_field_order() {
    Map<String, Object> brokenAddress = new LinkedHashMap<>();
    brokenAddress.put("country", "zz");
    brokenAddress.put("line1", "Main St 1");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("addresses", List.of(brokenAddress, "not an address"));
    fields.put("tags", Arrays.asList("ok", null));
    fields.put("metadata", List.of("not", "an", "object"));
    fields.put("user_agent", true);
    fields.put("ip", "999.1.1.1");
    fields.put("is_blocked", "perhaps");
    fields.put("accepts_marketing", null);
    fields.put("language", "xx");
    fields.put("phone_number", "555");
    fields.put("last_name", "x".repeat(256));
    fields.put("first_name", "\u0000");
    fields.put("email", "not-an-email");

    InvalidCustomerException refused = catchThrowableOfType(
        InvalidCustomerException.class, () -> createCustomer.create(NewCustomer.of(fields)));

    assertThat(refused.violations()).containsExactly(
        violation("email", "invalid", "Enter a valid email address."),
        violation("first_name", "null_characters_not_allowed", "Null characters are not allowed."),
        violation("last_name", "max_length", "Ensure this field has no more than 255 characters."),
        violation("phone_number", "invalid", "Enter a valid phone number."),
        violation("language", "invalid_choice", "\"xx\" is not a valid choice."),
        violation("accepts_marketing", "null", "This field may not be null."),
        violation("is_blocked", "invalid", "Must be a valid boolean."),
        violation("ip", "invalid", "Enter a valid IPv4 or IPv6 address."),
        violation("user_agent", "invalid", "Not a valid string."),
        violation("metadata", "not_a_dict", "Expected a dictionary of items but got type \"list\"."),
        violation("tags[1]", "null", "This field may not be null."),
        violation("addresses[0].country", "invalid_choice", "\"zz\" is not a valid choice."),
        violation("addresses[0].line4", "required", "This field is required."),
        violation("addresses[1]", "invalid", "Invalid data. Expected a dictionary, but got str."));
    assertThat(refused).hasMessageContaining("addresses[0].line4: This field is required.");
    assertThat(customers.stored()).isEmpty();
  }

  @Test
  void a_taken_email_is_reported_together_with_the_other_violations() {
    createCustomer.create(aCustomer().build());

    List<Violation> found = violationsOf(aCustomer().ip("nope").build());

    assertThat(found).containsExactly(EMAIL_TAKEN, violation("ip", "invalid", "Enter a valid IPv4 or IPv6 address."));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jane@example.com", "JANE@EXAMPLE.COM", "Jane@Example.com", "  jane@EXAMPLE.com "})
  void an_email_taken_ignoring_case_is_not_unique(String sameEmail) {
    createCustomer.create(aCustomer().email("jane@example.com").build());

    assertThat(violationsOf(NewCustomer.builder().email(sameEmail).build())).containsExactly(EMAIL_TAKEN);
    assertThat(customers.stored()).hasSize(1);
  }

  @Test
  void the_repository_is_asked_about_the_normalised_email_when_other_rules_are_broken() {
    violationsOf(NewCustomer.builder().email(" Jane@EXAMPLE.com ").language("xx").build());

    assertThat(customers.emailsAskedAbout()).containsExactly("Jane@example.com");
  }

  @Test
  void a_valid_request_leaves_the_taken_email_to_the_save_and_costs_no_extra_question() {
    createCustomer.create(NewCustomer.builder().email("jane@example.com").build());

    List<Violation> violations = violationsOf(NewCustomer.builder().email("JANE@example.com").build());

    assertThat(violations).containsExactly(EMAIL_TAKEN);
    assertThat(customers.emailsAskedAbout()).isEmpty();
  }

  @Test
  void a_taken_email_comes_first_among_other_violations() {
    createCustomer.create(NewCustomer.builder().email("jane@example.com").build());

    List<Violation> violations =
        violationsOf(NewCustomer.builder().email("Jane@Example.com").language("xx").ip("nope").build());

    assertThat(violations).containsExactly(
        EMAIL_TAKEN,
        violation("language", "invalid_choice", "\"xx\" is not a valid choice."),
        violation("ip", "invalid", "Enter a valid IPv4 or IPv6 address."));
  }

  @Test
  void the_repository_is_not_asked_about_an_invalid_email() {
    violationsOf(NewCustomer.builder().email("jane@@example.com").build());

    assertThat(customers.emailsAskedAbout()).isEmpty();
  }

  @Test
  void a_lost_race_for_the_email_gives_the_same_violation() {
    CreateCustomer losing = new CreateCustomer(FakeCustomers.losingEveryRace(), CLOCK);

    InvalidCustomerException refused = catchThrowableOfType(
        InvalidCustomerException.class, () -> losing.create(aCustomer().build()));

    assertThat(refused.violations()).containsExactly(EMAIL_TAKEN);
  }

  @Test
  void unknown_and_read_only_fields_are_ignored() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("email", "jane@example.com");
    fields.put("id", 12345);
    fields.put("date_joined", "1999-01-01T00:00:00Z");
    fields.put("orders_count", 99);
    fields.put("subscriptions_count", "many");
    fields.put("total_spent", "1000000.00");
    fields.put("user_type", "admin");
    fields.put("password", "hunter2");
    fields.put("favourite_colour", List.of("not", "checked"));

    Customer created = createCustomer.create(NewCustomer.of(fields)).customer();

    assertThat(created.id()).contains(CustomerId.of(1));
    assertThat(created.dateJoined()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
  }

  @Test
  void an_invalid_customer_has_at_least_one_violation() {
    assertThatIllegalArgumentException().isThrownBy(() -> new InvalidCustomerException(List.of()));
  }

  @Test
  void the_violations_of_the_exception_cannot_be_changed() {
    InvalidCustomerException refused = new InvalidCustomerException(List.of(EMAIL_TAKEN));

    assertThatExceptionOfType(UnsupportedOperationException.class)
        .isThrownBy(() -> refused.violations().add(EMAIL_TAKEN));
  }

  // Creates under idempotency keys are tested in test-kit (CreateCustomerUnderKeysTest), over the in-memory
  // repository the contract proves.

  @Test
  void keys_are_1_to_255_printable_ascii_characters() {
    assertThat(IdempotencyKey.isValidKey("a")).isTrue();
    assertThat(IdempotencyKey.isValidKey(" ~!" + "x".repeat(252))).isTrue();
    assertThat(IdempotencyKey.isValidKey("")).isFalse();
    assertThat(IdempotencyKey.isValidKey("x".repeat(256))).isFalse();
    assertThat(IdempotencyKey.isValidKey("tab\t")).isFalse();
    assertThat(IdempotencyKey.isValidKey("caf\u00e9")).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> new IdempotencyKey("owner", ""));
    assertThatIllegalArgumentException().isThrownBy(() -> new IdempotencyKey("", "key"));
  }
}
