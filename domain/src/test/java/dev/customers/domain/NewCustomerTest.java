package dev.customers.domain;

import static dev.customers.domain.Requests.anAddress;
import static dev.customers.domain.Requests.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewCustomerTest {

  @Test
  void the_typed_builder_makes_the_same_customer_as_the_raw_fields() {
    NewCustomer typed = NewCustomer.builder()
        .email("jane@example.com").firstName("Jane").lastName("Doe").phoneNumber("+1 415 555 2671")
        .language("de").acceptsMarketing(true).isBlocked(false).ip("10.0.0.1").userAgent("curl/8")
        .metadata(Map.of("k", 1)).tags("a", "b").address(anAddress())
        .build();
    Map<String, Object> fields = new HashMap<>();
    fields.put("email", "jane@example.com");
    fields.put("first_name", "Jane");
    fields.put("last_name", "Doe");
    fields.put("phone_number", "+1 415 555 2671");
    fields.put("language", "de");
    fields.put("accepts_marketing", true);
    fields.put("is_blocked", false);
    fields.put("ip", "10.0.0.1");
    fields.put("user_agent", "curl/8");
    fields.put("metadata", Map.of("k", 1));
    fields.put("tags", List.of("a", "b"));
    fields.put("addresses", List.of(anAddress()));

    assertThat(created(typed)).isEqualTo(created(NewCustomer.of(fields)));
  }

  @Test
  void its_text_names_the_fields_sent_but_never_their_values() {
    NewCustomer command = NewCustomer.builder().email("jane@example.com").phoneNumber("+14155552671").build();

    assertThat(command.toString()).contains("email", "phone_number").doesNotContain("jane", "4155552671");
  }

  @Test
  void the_raw_fields_are_a_copy_that_cannot_change() {
    Map<String, Object> fields = new HashMap<>(Map.of("email", "jane@example.com"));
    NewCustomer command = NewCustomer.of(fields);
    fields.put("email", "other@example.com");

    assertThat(command.fields()).containsExactly(Map.entry("email", "jane@example.com"));
    assertThatThrownBy(() -> command.fields().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_field_sent_as_null_is_kept_apart_from_one_not_sent() {
    NewCustomer command = NewCustomer.builder().email("jane@example.com").set("phone_number", null).build();

    assertThat(command.fields()).containsKey("phone_number").doesNotContainKey("ip");
  }

  @Test
  void a_builder_can_build_again_after_more_addresses_without_changing_what_it_built() {
    NewCustomer.Builder builder = NewCustomer.builder().email("jane@example.com").address(anAddress());
    NewCustomer first = builder.build();
    NewCustomer second = builder.address(anAddress()).build();

    assertThat((List<?>) first.fields().get("addresses")).hasSize(1);
    assertThat((List<?>) second.fields().get("addresses")).hasSize(2);
  }
}
