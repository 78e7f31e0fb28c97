package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violations;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagsRulesTest {

  private static final String EMOJI = "\uD83C\uDFF7";

  private static List<String> tagsOf(List<?> sent) {
    return createdWith("tags", sent).tags();
  }

  private static List<String> numbered(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "tag-" + i).toList();
  }

  @Test
  void absent_tags_are_none() {
    assertThat(created(aCustomer().build()).tags()).isEmpty();
  }

  @Test
  void an_empty_list_is_no_tags() {
    assertThat(tagsOf(List.of())).isEmpty();
  }

  @Test
  void tags_are_trimmed_and_kept_in_order() {
    assertThat(tagsOf(List.of("  vip ", "\twholesale\n", "b2b"))).containsExactly("vip", "wholesale", "b2b");
  }

  @Test
  void duplicates_ignoring_case_are_dropped_keeping_the_first_spelling_and_order() {
    assertThat(tagsOf(List.of("VIP", "newsletter", "vip", " Vip ", "NewsLetter", "b2b", "VIP")))
        .containsExactly("VIP", "newsletter", "b2b");
  }

  @Test
  void duplicates_are_found_after_trimming() {
    assertThat(tagsOf(List.of("vip", "  vip  ", "VIP\t"))).containsExactly("vip");
  }

  @Test
  void unicode_tags_are_compared_ignoring_case_too() {
    assertThat(tagsOf(List.of("Ärger", "ärger", "ÄRGER", "Straße"))).containsExactly("Ärger", "Straße");
  }

  @Test
  void letters_whose_cases_are_no_simple_pair_are_compared_ignoring_case_too() {
    assertThat(tagsOf(List.of("ΟΔΟΣ", "οδοσ", "οδος"))).containsExactly("ΟΔΟΣ");
    assertThat(tagsOf(List.of("I", "ı", "i"))).containsExactly("I");
    assertThat(tagsOf(List.of("ǅ", "Ǆ", "ǆ"))).containsExactly("ǅ");
  }

  @Test
  void the_typed_setters_give_the_same_tags() {
    assertThat(created(aCustomer().tags(" a ", "A", "b").build()).tags()).containsExactly("a", "b");
    assertThat(created(aCustomer().tags(List.of("x", "X")).build()).tags()).containsExactly("x");
  }

  @Test
  void a_tag_of_exactly_255_characters_is_accepted_counting_an_emoji_as_one() {
    String longest = EMOJI + "t".repeat(254);

    assertThat(tagsOf(List.of(longest))).containsExactly(longest);
  }

  @Test
  void a_tag_of_256_characters_is_too_long() {
    assertThat(violationsWith("tags", List.of("ok", EMOJI.repeat(256)))).containsExactly(
        violation("tags[1]", "max_length", "Ensure this field has no more than 255 characters."));
  }

  @Test
  void two_hundred_and_fifty_tags_are_accepted() {
    assertThat(tagsOf(numbered(250))).hasSize(250);
  }

  @Test
  void two_hundred_and_fifty_one_tags_are_too_many() {
    assertThat(violationsWith("tags", numbered(251)))
        .containsExactly(violation("tags", "max_length", "Ensure this field has no more than 250 elements."));
  }

  @Test
  void the_limit_counts_the_tags_as_sent_before_duplicates_are_dropped() {
    List<String> sent = Stream.concat(numbered(250).stream(), Stream.of("TAG-1")).toList();

    assertThat(violationsWith("tags", sent))
        .containsExactly(violation("tags", "max_length", "Ensure this field has no more than 250 elements."));
  }

  /** A mebibyte of {@code [[],[],...]} is one violation: the count is checked before any item is read. */
  @Test
  void too_many_tags_are_refused_before_any_is_read() {
    List<Object> sent = java.util.Collections.nCopies(349_000, List.of());

    assertThat(violationsWith("tags", sent))
        .containsExactly(violation("tags", "max_length", "Ensure this field has no more than 250 elements."));
  }

  @Test
  void item_errors_are_keyed_by_index_all_at_once() {
    List<Object> sent = Arrays.asList(
        "fine", false, "", "   ", null, "x".repeat(256), "nul\u0000", "\uDC00", true, List.of("x"), Map.of("k", "v"), "ok");

    assertThat(violationsWith("tags", sent)).containsExactly(
        violation("tags[1]", "invalid", "Not a valid string."),
        violation("tags[2]", "blank", "This field may not be blank."),
        violation("tags[3]", "blank", "This field may not be blank."),
        violation("tags[4]", "null", "This field may not be null."),
        violation("tags[5]", "max_length", "Ensure this field has no more than 255 characters."),
        violation("tags[6]", "null_characters_not_allowed", "Null characters are not allowed."),
        violation("tags[7]", "surrogate_characters_not_allowed", "Surrogate characters are not allowed: U+DC00."),
        violation("tags[8]", "invalid", "Not a valid string."),
        violation("tags[9]", "invalid", "Not a valid string."),
        violation("tags[10]", "invalid", "Not a valid string."));
  }

  @Test
  void a_null_tag_sent_through_the_typed_setter_is_reported_not_thrown() {
    assertThat(violations(aCustomer().tags("a", null).build()))
        .containsExactly(violation("tags[1]", "null", "This field may not be null."));
  }

  static Stream<Arguments> notLists() {
    return Stream.of(
        Arguments.of("vip", "str"),
        Arguments.of("", "str"),
        Arguments.of(Map.of("0", "vip"), "dict"),
        Arguments.of(3, "int"),
        Arguments.of(3.5, "float"),
        Arguments.of(true, "bool"));
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @MethodSource("notLists")
  void anything_but_a_list_is_refused_naming_its_python_type(Object notAList, String type) {
    assertThat(violationsWith("tags", notAList)).containsExactly(
        violation("tags", "not_a_list", "Expected a list of items but got type \"" + type + "\"."));
  }

  @Test
  void null_tags_are_refused() {
    assertThat(violationsWith("tags", null)).containsExactly(violation("tags", "null", "This field may not be null."));
  }
}
