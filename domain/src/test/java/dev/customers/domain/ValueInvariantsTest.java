package dev.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hand-built Customer or Address that no create would store is refused by the value itself. */
class ValueInvariantsTest {

  private static Customer.Builder aCustomer() {
    return Customer.builder().email("jane@example.com").dateJoined(Instant.parse("2026-03-04T05:06:07Z"));
  }

  private static Address.Builder anAddress() {
    return Address.builder().country("DE").line1("Unter den Linden 1").line4("Berlin");
  }

  @Test
  void a_customer_that_keeps_every_invariant_is_built_and_gets_its_id() {
    Customer customer = aCustomer()
        .tags(List.of("vip", "newsletter"))
        .addresses(List.of(
            anAddress().isDefaultForBilling(true).build(), anAddress().isDefaultForShipping(true).build()))
        .build();

    assertThat(customer.withId(CustomerId.of(7)).id()).contains(CustomerId.of(7));
    assertThat(anAddress().build().withId(AddressId.of(3)).id()).contains(AddressId.of(3));
  }

  @Test
  void an_invalid_email_is_refused() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer().email("not an email").build())
        .withMessageContaining("email");
  }

  @Test
  void an_email_whose_domain_is_not_lower_case_is_refused() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer().email("Jane@Example.COM").build());
    assertThat(aCustomer().email("Jane@example.com").build().email()).isEqualTo("Jane@example.com");
  }

  @Test
  void an_email_that_is_not_trimmed_or_too_long_is_refused() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer().email(" jane@example.com").build());
    String tooLong = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(58) + ".com";
    assertThat(tooLong).hasSize(255);
    assertThatIllegalStateException().isThrownBy(() -> aCustomer().email(tooLong).build());
  }

  @Test
  void the_message_of_a_refusal_keeps_the_email_out_of_logs() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer().email("secret.person@Example.COM").build())
        .withMessageNotContaining("secret");
  }

  @Test
  void tags_that_repeat_ignoring_case_are_refused() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer().tags(List.of("VIP", "news", "vip")).build())
        .withMessageContaining("tags");
  }

  @Test
  void two_default_billing_addresses_are_refused() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer()
        .addresses(List.of(
            anAddress().isDefaultForBilling(true).build(), anAddress().isDefaultForBilling(true).build()))
        .build()).withMessageContaining("billing");
  }

  @Test
  void two_default_shipping_addresses_are_refused() {
    assertThatIllegalStateException().isThrownBy(() -> aCustomer()
        .addresses(List.of(
            anAddress().isDefaultForShipping(true).build(), anAddress().isDefaultForShipping(true).build()))
        .build()).withMessageContaining("shipping");
  }

  @Test
  void an_address_whose_country_is_not_an_upper_case_alpha_2_code_is_refused() {
    assertThatIllegalStateException().isThrownBy(() -> anAddress().country("ZZ").build())
        .withMessageContaining("country");
    assertThatIllegalStateException().isThrownBy(() -> anAddress().country("de").build());
    assertThatIllegalStateException().isThrownBy(() -> anAddress().country("DEU").build());
  }

  @Test
  void an_address_without_line1_is_refused() {
    assertThatIllegalStateException().isThrownBy(() -> anAddress().line1(" ").build())
        .withMessageContaining("line1");
    assertThatIllegalStateException().isThrownBy(() -> Address.builder().country("DE").line4("Berlin").build());
  }

  @Test
  void an_address_without_line4_is_refused() {
    assertThatIllegalStateException().isThrownBy(() -> anAddress().line4("").build())
        .withMessageContaining("line4");
    assertThatIllegalStateException().isThrownBy(() -> Address.builder().country("DE").line1("x").build());
  }

  @Test
  void ids_are_positive() {
    assertThatIllegalArgumentException().isThrownBy(() -> AddressId.of(0));
    assertThatIllegalArgumentException().isThrownBy(() -> CustomerId.of(-1));
  }
}
