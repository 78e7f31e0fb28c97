package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataRulesTest {

  @Test
  void absent_metadata_is_an_empty_object() {
    assertThat(created(aCustomer().build()).metadata()).isEqualTo(Metadata.empty());
  }

  @Test
  void null_metadata_means_an_empty_object() {
    Metadata metadata = createdWith("metadata", null).metadata();

    assertThat(metadata.isEmpty()).isTrue();
    assertThat(metadata.asMap()).isEmpty();
  }

  @Test
  void an_empty_object_is_kept() {
    assertThat(createdWith("metadata", Map.of()).metadata().asMap()).isEmpty();
  }

  @Test
  void nesting_numbers_unicode_nulls_and_key_order_are_kept_exactly() {
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("zeta", "last key sent first");
    sent.put("nested", Map.of("deeper", Map.of("deepest", List.of(1, List.of(2, Map.of("three", 3))))));
    sent.put("price", new BigDecimal("19.90"));
    sent.put("tiny", new BigDecimal("1E-30"));
    sent.put("huge", new BigInteger("123456789012345678901234567890"));
    sent.put("long", Long.MAX_VALUE);
    sent.put("double", 0.1);
    sent.put("negative", -0.0);
    sent.put("unicode", "Zoë 李 ภาษาไทย \uD83D\uDE00");
    sent.put("\uD83D\uDD11 key", "emoji key");
    sent.put("empty", "");
    sent.put("spaces", "  not trimmed  ");
    sent.put("nothing", null);
    sent.put("flags", Arrays.asList(true, false, null));
    sent.put("a", "first letter, sent late");

    Map<String, Object> kept = createdWith("metadata", sent).metadata().asMap();

    assertThat(kept).isEqualTo(sent);
    assertThat(kept.keySet()).containsExactlyElementsOf(sent.keySet());
    assertThat(kept.get("price")).isInstanceOf(BigDecimal.class).hasToString("19.90");
    assertThat(kept.get("tiny")).hasToString("1E-30");
    assertThat(kept.get("negative")).isEqualTo(-0.0);
    assertThat(kept.get("spaces")).isEqualTo("  not trimmed  ");
  }

  @Test
  void the_kept_metadata_is_a_deep_copy_that_cannot_change() {
    List<Object> list = new ArrayList<>(List.of("a"));
    Map<String, Object> inner = new LinkedHashMap<>(Map.of("list", list));
    Map<String, Object> sent = new LinkedHashMap<>(Map.of("inner", inner));

    Metadata kept = createdWith("metadata", sent).metadata();
    list.add("b");
    inner.put("other", 1);
    sent.put("more", 2);

    assertThat(kept.asMap()).isEqualTo(Map.of("inner", Map.of("list", List.of("a"))));
    assertThatThrownBy(() -> kept.asMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> keptInner = (Map<String, Object>) kept.asMap().get("inner");
    assertThatThrownBy(() -> keptInner.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> notObjects() {
    return Stream.of(
        Arguments.of(List.of(1, 2), "list"),
        Arguments.of(List.of(), "list"),
        Arguments.of("{\"a\": 1}", "str"),
        Arguments.of("", "str"),
        Arguments.of(42, "int"),
        Arguments.of(42L, "int"),
        Arguments.of(new BigInteger("42"), "int"),
        Arguments.of(4.2, "float"),
        Arguments.of(new BigDecimal("4.20"), "float"),
        Arguments.of(true, "bool"),
        Arguments.of(false, "bool"));
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @MethodSource("notObjects")
  void anything_but_an_object_is_refused_naming_its_python_type(Object notAnObject, String type) {
    assertThat(violationsWith("metadata", notAnObject)).containsExactly(
        violation("metadata", "not_a_dict", "Expected a dictionary of items but got type \"" + type + "\"."));
  }

  @Test
  void a_null_character_anywhere_inside_is_refused_once() {
    Map<String, Object> sent = Map.of(
        "ok", "fine",
        "deep", Map.of("list", List.of("x", "bad\u0000value")),
        "also\u0000bad", 1);

    assertThat(violationsWith("metadata", sent))
        .containsExactly(violation("metadata", "null_characters_not_allowed", "Null characters are not allowed."));
  }

  @Test
  void a_null_character_in_a_key_is_refused() {
    assertThat(violationsWith("metadata", Map.of("k\u0000", "v")))
        .containsExactly(violation("metadata", "null_characters_not_allowed", "Null characters are not allowed."));
  }

  @Test
  void a_lone_surrogate_inside_is_refused() {
    assertThat(violationsWith("metadata", Map.of("k", List.of("\uD800"))))
        .containsExactly(violation("metadata", "surrogate_characters_not_allowed",
            "Surrogate characters are not allowed: U+D800."));
  }

  @Test
  void a_value_no_json_parser_makes_is_refused() {
    assertThat(violationsWith("metadata", Map.of("when", new Object())))
        .containsExactly(violation("metadata", "invalid", "Value must be valid JSON."));
    assertThat(violationsWith("metadata", Map.of(1, "number key")))
        .containsExactly(violation("metadata", "invalid", "Value must be valid JSON."));
    assertThat(violationsWith("metadata", Map.of("nan", Double.NaN)))
        .containsExactly(violation("metadata", "invalid", "Value must be valid JSON."));
  }

  @Test
  void metadata_of_an_embedder_is_checked_the_same_way() {
    assertThat(created(aCustomer().metadata(Map.of("source", "import")).build()).metadata().asMap())
        .isEqualTo(Map.of("source", "import"));
  }
}
