package dev.customers.domain;

import static dev.customers.domain.Requests.createdWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the tag normalisation, over random lists in which case variants are frequent. "Ignoring case" is
 * Java's {@link String#equalsIgnoreCase}, an oracle independent of how the domain implements it; the alphabet
 * holds letters whose upper and lower cases are not a simple pair (dotless i, final sigma, a title-case digraph,
 * the Kelvin sign).
 */
class TagsPropertiesTest {

  private static final String ALPHABET = "aAbB\u00e4\u00c4iI\u0131\u0130\u03c3\u03c2\u03a3\u01c5\u01c4\u01c6kK\u212a1 \u00df\uD83C\uDFF7";
  private static final String SPACES = " \t\n";

  static Stream<List<String>> tagLists() {
    return Samples.of("tag lists", 200, TagsPropertiesTest::tags);
  }

  private static List<String> tags(Random random) {
    List<String> tags = new ArrayList<>();
    for (int count = random.nextInt(25); count > 0; count--) {
      StringBuilder tag = new StringBuilder();
      for (int length = 1 + random.nextInt(3); length > 0; length--) {
        tag.append(Samples.oneOf(random, ALPHABET));
      }
      String core = tag.toString().strip();
      if (core.isEmpty()) {
        core = "x";
      }
      tags.add(padding(random) + core + padding(random));
    }
    return tags;
  }

  private static String padding(Random random) {
    return random.nextInt(3) == 0 ? Samples.oneOf(random, SPACES) : "";
  }

  private static List<String> kept(List<String> sent) {
    return createdWith("tags", sent).tags();
  }

  private static List<String> trimmed(List<String> sent) {
    return sent.stream().map(String::strip).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tagLists")
  void no_two_kept_tags_are_equal_ignoring_case(List<String> sent) {
    List<String> kept = kept(sent);

    for (int i = 0; i < kept.size(); i++) {
      for (int j = i + 1; j < kept.size(); j++) {
        assertThat(kept.get(i).equalsIgnoreCase(kept.get(j))).as("%s and %s", kept.get(i), kept.get(j)).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tagLists")
  void the_kept_tags_are_a_subsequence_of_the_trimmed_ones_sent(List<String> sent) {
    assertThat(trimmed(sent)).containsSubsequence(kept(sent));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tagLists")
  void each_tag_sent_is_kept_in_the_first_spelling_sent(List<String> sent) {
    List<String> kept = kept(sent);

    for (String tag : trimmed(sent)) {
      String first = trimmed(sent).stream().filter(tag::equalsIgnoreCase).findFirst().orElseThrow();
      assertThat(kept).as("%s", tag).contains(first);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tagLists")
  void there_are_never_more_tags_kept_than_sent(List<String> sent) {
    assertThat(kept(sent)).hasSizeLessThanOrEqualTo(sent.size());
  }
}
