package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.addressViolations;
import static dev.customers.domain.Requests.anAddress;
import static dev.customers.domain.Requests.anAddressWith;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdAddress;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violations;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

  private static final String EMOJI = "\uD83C\uDFE0";

  /** Every text field of an address with its limit and how to read it back; 0 means no limit of its own. */
  static Stream<Arguments> limitedTextFields() {
    return Stream.of(
        Arguments.of("first_name", 255, (Function<Address, String>) Address::firstName),
        Arguments.of("last_name", 255, (Function<Address, String>) Address::lastName),
        Arguments.of("line1", 255, (Function<Address, String>) Address::line1),
        Arguments.of("line2", 255, (Function<Address, String>) Address::line2),
        Arguments.of("line3", 255, (Function<Address, String>) Address::line3),
        Arguments.of("line4", 255, (Function<Address, String>) Address::line4),
        Arguments.of("state", 255, (Function<Address, String>) Address::state),
        Arguments.of("postcode", 64, (Function<Address, String>) Address::postcode));
  }

  static Stream<Arguments> optionalTextFields() {
    return Stream.of(
        Arguments.of("first_name", (Function<Address, String>) Address::firstName),
        Arguments.of("last_name", (Function<Address, String>) Address::lastName),
        Arguments.of("line2", (Function<Address, String>) Address::line2),
        Arguments.of("line3", (Function<Address, String>) Address::line3),
        Arguments.of("state", (Function<Address, String>) Address::state),
        Arguments.of("postcode", (Function<Address, String>) Address::postcode),
        Arguments.of("notes", (Function<Address, String>) Address::notes));
  }

  static Stream<String> allTextFields() {
    return Stream.of("country", "first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode",
        "phone_number", "notes");
  }

  @Test
  void a_complete_address_is_kept_trimmed_with_country_upper_cased_and_phone_in_e164() {
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("country", " us ");
    sent.put("first_name", " Jane ");
    sent.put("last_name", "Doe ");
    sent.put("line1", " 1 Infinite Loop");
    sent.put("line2", "Building 3");
    sent.put("line3", "Floor 2");
    sent.put("line4", "Cupertino");
    sent.put("state", "CA");
    sent.put("postcode", " 95014 ");
    sent.put("phone_number", "(415) 555-2671");
    sent.put("notes", "  Leave at the door.\nRing twice.  ");
    sent.put("is_default_for_billing", true);
    sent.put("is_default_for_shipping", "yes");

    Address address = withoutId(createdAddress(sent));

    assertThat(address).isEqualTo(Address.builder()
        .country("US").firstName("Jane").lastName("Doe").line1("1 Infinite Loop").line2("Building 3")
        .line3("Floor 2").line4("Cupertino").state("CA").postcode("95014").phoneNumber("+14155552671")
        .notes("Leave at the door.\nRing twice.").isDefaultForBilling(true).isDefaultForShipping(true)
        .build());
  }

  @Test
  void a_minimal_address_has_empty_optional_fields_and_no_id_before_it_is_stored() {
    Address address = Address.builder().country("DE").line1("Unter den Linden 1").line4("Berlin").build();

    assertThat(address.id()).isEmpty();
    assertThat(withoutId(createdAddress(anAddress()))).isEqualTo(address);
  }

  @Test
  void a_stored_address_gets_an_id() {
    assertThat(createdAddress(anAddress()).id()).isPresent();
  }

  @ParameterizedTest(name = "{0} is kept as {1}")
  @ValueSource(strings = {"de", "De", "dE", "DE", " de "})
  void a_country_in_any_case_is_kept_in_upper_case(String country) {
    assertThat(createdAddress(anAddressWith("country", country)).country()).isEqualTo("DE");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"US", "GB", "FR", "TH", "NO", "AX", "CW", "SS"})
  void every_iso_3166_alpha_2_code_is_accepted(String country) {
    assertThat(createdAddress(anAddressWith("country", country)).country()).isEqualTo(country);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ZZ", "zz", "UK", "XK", "EU", "D", "DEU", "276", "Germany"})
  void any_other_country_is_not_a_valid_choice_quoting_what_was_sent(String country) {
    assertThat(addressViolations(anAddressWith("country", country))).containsExactly(violation(
        "addresses[0].country", "invalid_choice", "\"" + country + "\" is not a valid choice."));
  }

  @Test
  void a_country_that_is_not_a_string_is_not_a_valid_choice() {
    assertThat(addressViolations(anAddressWith("country", 49)))
        .containsExactly(violation("addresses[0].country", "invalid_choice", "\"49\" is not a valid choice."));
  }

  @Test
  void a_missing_country_is_required() {
    Map<String, Object> address = anAddress();
    address.remove("country");

    assertThat(addressViolations(address))
        .containsExactly(violation("addresses[0].country", "required", "This field is required."));
  }

  @Test
  void a_null_or_blank_country_is_refused() {
    assertThat(addressViolations(anAddressWith("country", null)))
        .containsExactly(violation("addresses[0].country", "null", "This field may not be null."));
    assertThat(addressViolations(anAddressWith("country", " ")))
        .containsExactly(violation("addresses[0].country", "blank", "This field may not be blank."));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"line1", "line4"})
  void line1_and_the_city_are_required_and_not_blank(String field) {
    Map<String, Object> missing = anAddress();
    missing.remove(field);

    assertThat(addressViolations(missing))
        .containsExactly(violation("addresses[0]." + field, "required", "This field is required."));
    assertThat(addressViolations(anAddressWith(field, "")))
        .containsExactly(violation("addresses[0]." + field, "blank", "This field may not be blank."));
    assertThat(addressViolations(anAddressWith(field, "  \t")))
        .containsExactly(violation("addresses[0]." + field, "blank", "This field may not be blank."));
    assertThat(addressViolations(anAddressWith(field, null)))
        .containsExactly(violation("addresses[0]." + field, "null", "This field may not be null."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionalTextFields")
  void an_optional_text_field_may_be_absent_or_empty(String field, Function<Address, String> read) {
    Map<String, Object> absent = anAddress();
    absent.remove(field);

    assertThat(read.apply(createdAddress(absent))).isEmpty();
    assertThat(read.apply(createdAddress(anAddressWith(field, "")))).isEmpty();
    assertThat(read.apply(createdAddress(anAddressWith(field, "   ")))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionalTextFields")
  void an_optional_text_field_may_not_be_null(String field, Function<Address, String> read) {
    assertThat(addressViolations(anAddressWith(field, null)))
        .containsExactly(violation("addresses[0]." + field, "null", "This field may not be null."));
  }

  @ParameterizedTest(name = "{0} <= {1}")
  @MethodSource("limitedTextFields")
  void a_text_field_at_its_limit_is_accepted_counting_an_emoji_as_one(
      String field, int max, Function<Address, String> read) {
    String longest = EMOJI + "x".repeat(max - 1);

    assertThat(read.apply(createdAddress(anAddressWith(field, longest)))).isEqualTo(longest);
  }

  @ParameterizedTest(name = "{0} <= {1}")
  @MethodSource("limitedTextFields")
  void a_text_field_one_past_its_limit_is_too_long(String field, int max, Function<Address, String> read) {
    assertThat(addressViolations(anAddressWith(field, "x".repeat(max + 1)))).containsExactly(violation(
        "addresses[0]." + field, "max_length", "Ensure this field has no more than " + max + " characters."));
  }

  @Test
  void notes_have_no_length_limit_of_their_own() {
    String notes = "n".repeat(50_000);

    assertThat(createdAddress(anAddressWith("notes", notes)).notes()).isEqualTo(notes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allTextFields")
  void a_text_field_that_is_not_a_string_or_has_forbidden_characters_is_refused(String field) {
    String path = "addresses[0]." + field;
    if (!field.equals("country")) {
      assertThat(addressViolations(anAddressWith(field, true)))
          .containsExactly(violation(path, "invalid", "Not a valid string."));
    }
    assertThat(addressViolations(anAddressWith(field, "D\u0000E")))
        .containsExactly(violation(path, "null_characters_not_allowed", "Null characters are not allowed."));
    assertThat(addressViolations(anAddressWith(field, "D\uD800E")))
        .containsExactly(violation(path, "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+D800."));
  }

  @Test
  void unknown_and_read_only_address_fields_are_ignored() {
    Map<String, Object> sent = anAddress();
    sent.put("id", 99);
    sent.put("line5", "no such line");
    sent.put("country_name", "Germany");

    Address address = createdAddress(sent);

    assertThat(address.id()).isNotEqualTo(Optional.of(99L));
    assertThat(address.line1()).isEqualTo("Unter den Linden 1");
  }

  @Test
  void addresses_are_kept_in_the_order_sent() {
    Customer customer = created(aCustomer()
        .address(anAddressWith("line4", "Berlin"))
        .address(anAddressWith("line4", "Hamburg"))
        .address(anAddressWith("line4", "München"))
        .build());

    assertThat(customer.addresses()).extracting(Address::line4).containsExactly("Berlin", "Hamburg", "München");
  }

  @Test
  void absent_or_empty_addresses_are_none() {
    assertThat(created(aCustomer().build()).addresses()).isEmpty();
    assertThat(createdWith("addresses", List.of()).addresses()).isEmpty();
  }

  @Test
  void fifty_addresses_are_accepted() {
    assertThat(createdWith("addresses", Collections.nCopies(50, anAddress())).addresses()).hasSize(50);
  }

  @Test
  void fifty_one_addresses_are_too_many_and_their_fields_are_not_read() {
    List<Object> sent = new ArrayList<>(Collections.nCopies(50, anAddress()));
    sent.add(Map.of("country", "ZZ"));

    assertThat(violationsWith("addresses", sent))
        .containsExactly(violation("addresses", "max_length", "Ensure this field has no more than 50 elements."));
  }

  @Test
  void null_addresses_are_refused() {
    assertThat(violationsWith("addresses", null))
        .containsExactly(violation("addresses", "null", "This field may not be null."));
  }

  static Stream<Arguments> notLists() {
    return Stream.of(
        Arguments.of("Unter den Linden 1", "str"),
        Arguments.of(anAddress(), "dict"),
        Arguments.of(1, "int"),
        Arguments.of(true, "bool"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("notLists")
  void addresses_that_are_not_a_list_are_refused_naming_the_python_type(Object notAList, String type) {
    assertThat(violationsWith("addresses", notAList)).containsExactly(
        violation("addresses", "not_a_list", "Expected a list of items but got type \"" + type + "\"."));
  }

  static Stream<Arguments> notObjects() {
    return Stream.of(
        Arguments.of("Unter den Linden 1", "str"),
        Arguments.of(List.of(anAddress()), "list"),
        Arguments.of(7, "int"),
        Arguments.of(7.5, "float"),
        Arguments.of(false, "bool"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("notObjects")
  void an_address_that_is_not_an_object_is_refused_at_its_index(Object notAnObject, String type) {
    List<Object> sent = List.of(anAddress(), notAnObject);

    assertThat(violationsWith("addresses", sent)).containsExactly(
        violation("addresses[1]", "invalid", "Invalid data. Expected a dictionary, but got " + type + "."));
  }

  @Test
  void a_null_address_is_refused_as_null() {
    assertThat(violationsWith("addresses", Arrays.asList(anAddress(), null)))
        .containsExactly(violation("addresses[1]", "null", "This field may not be null."));
    assertThat(violations(aCustomer().address(anAddress()).address(null).build()))
        .containsExactly(violation("addresses[1]", "null", "This field may not be null."));
  }

  @Test
  void every_broken_address_reports_each_of_its_fields_at_its_index() {
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("country", "ZZ");
    second.put("line1", " ");
    second.put("postcode", "9".repeat(65));
    second.put("is_default_for_billing", "maybe");
    Map<String, Object> fourth = anAddress();
    fourth.remove("line4");

    List<Violation> found = violationsWith("addresses", List.of(anAddress(), second, anAddress(), fourth));

    assertThat(found).containsExactly(
        violation("addresses[1].country", "invalid_choice", "\"ZZ\" is not a valid choice."),
        violation("addresses[1].line1", "blank", "This field may not be blank."),
        violation("addresses[1].line4", "required", "This field is required."),
        violation("addresses[1].postcode", "max_length", "Ensure this field has no more than 64 characters."),
        violation("addresses[1].is_default_for_billing", "invalid", "Must be a valid boolean."),
        violation("addresses[3].line4", "required", "This field is required."));
  }

  @Test
  void one_default_billing_and_one_default_shipping_address_are_accepted() {
    Customer customer = created(aCustomer()
        .address(anAddressWith("is_default_for_billing", true))
        .address(anAddressWith("is_default_for_shipping", true))
        .address(anAddress())
        .build());

    assertThat(customer.addresses()).extracting(Address::isDefaultForBilling).containsExactly(true, false, false);
    assertThat(customer.addresses()).extracting(Address::isDefaultForShipping).containsExactly(false, true, false);
  }

  @Test
  void one_address_may_be_the_default_of_both_kinds() {
    Map<String, Object> both = anAddressWith("is_default_for_billing", true);
    both.put("is_default_for_shipping", true);

    Address address = createdAddress(both);

    assertThat(address.isDefaultForBilling()).isTrue();
    assertThat(address.isDefaultForShipping()).isTrue();
  }

  @Test
  void a_second_default_billing_address_is_refused_on_every_later_one() {
    List<Violation> found = violations(aCustomer()
        .address(anAddress())
        .address(anAddressWith("is_default_for_billing", true))
        .address(anAddressWith("is_default_for_billing", "yes"))
        .address(anAddressWith("is_default_for_billing", false))
        .address(anAddressWith("is_default_for_billing", 1))
        .build());

    assertThat(found).containsExactly(
        violation("addresses[2].is_default_for_billing", "only_one_default",
            "Only one address can be the default billing address."),
        violation("addresses[4].is_default_for_billing", "only_one_default",
            "Only one address can be the default billing address."));
  }

  @Test
  void a_second_default_shipping_address_is_refused_on_the_later_one() {
    List<Violation> found = violations(aCustomer()
        .address(anAddressWith("is_default_for_shipping", "on"))
        .address(anAddressWith("is_default_for_shipping", true))
        .build());

    assertThat(found).containsExactly(violation("addresses[1].is_default_for_shipping", "only_one_default",
        "Only one address can be the default shipping address."));
  }

  @Test
  void a_second_default_is_refused_even_when_an_address_breaks_another_rule() {
    Map<String, Object> broken = anAddressWith("is_default_for_billing", true);
    broken.put("country", "ZZ");

    List<Violation> found = violations(aCustomer()
        .address(broken)
        .address(anAddressWith("is_default_for_billing", "true"))
        .address(anAddressWith("is_default_for_billing", "maybe"))
        .build());

    assertThat(found).containsExactly(
        violation("addresses[0].country", "invalid_choice", "\"ZZ\" is not a valid choice."),
        violation("addresses[1].is_default_for_billing", "only_one_default",
            "Only one address can be the default billing address."),
        violation("addresses[2].is_default_for_billing", "invalid", "Must be a valid boolean."));
  }

  @Test
  void addresses_of_an_embedder_are_checked_the_same_way() {
    assertThat(violations(aCustomer().address(Map.of("country", "de")).build())).containsExactly(
        violation("addresses[0].line1", "required", "This field is required."),
        violation("addresses[0].line4", "required", "This field is required."));
  }

  private static Address withoutId(Address address) {
    return Address.builder().from(address).id(Optional.empty()).build();
  }
}
