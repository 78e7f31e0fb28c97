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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** accepts_marketing, is_blocked and an address's default flags, in every spelling the reference (DRF) accepts. */
class BooleanRulesTest {

  private static final List<Object> TRUE_SPELLINGS = List.of(
      true, "true", "True", "TRUE", "t", "T", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "1",
      1, 1L, 1.0, new BigDecimal("1.00"), BigInteger.ONE);
  private static final List<Object> FALSE_SPELLINGS = List.of(
      false, "false", "False", "FALSE", "f", "F", "n", "N", "no", "No", "NO", "off", "Off", "OFF", "0",
      0, 0L, 0.0, -0.0, new BigDecimal("0.00"), BigInteger.ZERO);
  private static final List<Object> NOT_BOOLEANS = List.of(
      "", " ", "maybe", "tRUE", "yEs", "oN", "2", "-1", "1.0", "truee", 2, -1, 0.5, 1.5, Double.NaN,
      Double.POSITIVE_INFINITY, List.of(true), Map.of("value", true));

  private static final Map<String, Predicate<Customer>> CUSTOMER_FLAGS = Map.of(
      "accepts_marketing", Customer::acceptsMarketing,
      "is_blocked", Customer::isBlocked);
  private static final Map<String, Predicate<Address>> ADDRESS_FLAGS = Map.of(
      "is_default_for_billing", Address::isDefaultForBilling,
      "is_default_for_shipping", Address::isDefaultForShipping);

  static Stream<Arguments> customerFlagsSpelledTrue() {
    return spellings(CUSTOMER_FLAGS.keySet(), TRUE_SPELLINGS);
  }

  static Stream<Arguments> customerFlagsSpelledFalse() {
    return spellings(CUSTOMER_FLAGS.keySet(), FALSE_SPELLINGS);
  }

  static Stream<Arguments> customerFlagsNotBooleans() {
    return spellings(CUSTOMER_FLAGS.keySet(), NOT_BOOLEANS);
  }

  static Stream<Arguments> addressFlagsSpelledTrue() {
    return spellings(ADDRESS_FLAGS.keySet(), TRUE_SPELLINGS);
  }

  static Stream<Arguments> addressFlagsSpelledFalse() {
    return spellings(ADDRESS_FLAGS.keySet(), FALSE_SPELLINGS);
  }

  static Stream<Arguments> addressFlagsNotBooleans() {
    return spellings(ADDRESS_FLAGS.keySet(), NOT_BOOLEANS);
  }

  private static Stream<Arguments> spellings(Set<String> fields, List<Object> values) {
    return fields.stream().sorted().flatMap(field -> values.stream().map(value -> Arguments.of(field, value)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("customerFlagsSpelledTrue")
  void a_customer_flag_spelled_true_is_true(String field, Object value) {
    assertThat(CUSTOMER_FLAGS.get(field).test(createdWith(field, value))).isTrue();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("customerFlagsSpelledFalse")
  void a_customer_flag_spelled_false_is_false(String field, Object value) {
    assertThat(CUSTOMER_FLAGS.get(field).test(createdWith(field, value))).isFalse();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("customerFlagsNotBooleans")
  void a_customer_flag_with_any_other_value_is_not_a_valid_boolean(String field, Object value) {
    assertThat(violationsWith(field, value)).containsExactly(violation(field, "invalid", "Must be a valid boolean."));
  }

  @Test
  void absent_customer_flags_are_false() {
    Customer customer = created(aCustomer().build());

    assertThat(customer.acceptsMarketing()).isFalse();
    assertThat(customer.isBlocked()).isFalse();
  }

  @Test
  void null_customer_flags_are_refused() {
    assertThat(violationsWith("accepts_marketing", null))
        .containsExactly(violation("accepts_marketing", "null", "This field may not be null."));
    assertThat(violationsWith("is_blocked", null))
        .containsExactly(violation("is_blocked", "null", "This field may not be null."));
  }

  @Test
  void the_typed_setters_set_the_flags() {
    Customer customer = created(aCustomer().acceptsMarketing(true).isBlocked(true).build());

    assertThat(customer.acceptsMarketing()).isTrue();
    assertThat(customer.isBlocked()).isTrue();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("addressFlagsSpelledTrue")
  void an_address_flag_spelled_true_is_true(String field, Object value) {
    assertThat(ADDRESS_FLAGS.get(field).test(createdAddress(anAddressWith(field, value)))).isTrue();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("addressFlagsSpelledFalse")
  void an_address_flag_spelled_false_is_false(String field, Object value) {
    assertThat(ADDRESS_FLAGS.get(field).test(createdAddress(anAddressWith(field, value)))).isFalse();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("addressFlagsNotBooleans")
  void an_address_flag_with_any_other_value_is_not_a_valid_boolean(String field, Object value) {
    assertThat(addressViolations(anAddressWith(field, value)))
        .containsExactly(violation("addresses[0]." + field, "invalid", "Must be a valid boolean."));
  }

  @Test
  void absent_address_flags_are_false() {
    Address address = createdAddress(Requests.anAddress());

    assertThat(address.isDefaultForBilling()).isFalse();
    assertThat(address.isDefaultForShipping()).isFalse();
  }

  @Test
  void null_address_flags_are_refused() {
    assertThat(addressViolations(anAddressWith("is_default_for_billing", null)))
        .containsExactly(violation("addresses[0].is_default_for_billing", "null", "This field may not be null."));
  }
}
