package dev.customers.domain;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Random inputs for the property tests. Reproducible: one seed gives the same samples on every run and machine, so a
 * failure in CI is a failure on a laptop; {@code -Dsamples.seed=N} explores other inputs. Each test names its
 * sample, so a failing one can be turned into an example test by hand.
 */
final class Samples {

  private static final long SEED = Long.getLong("samples.seed", 20_260_304L);

  private Samples() {}

  /** {@code count} samples for {@code property}; each property draws its own, so adding one changes no other. */
  static <T> Stream<T> of(String property, int count, Function<Random, T> sample) {
    Random random = new Random(SEED ^ property.hashCode());
    return Stream.generate(() -> sample.apply(random)).limit(count);
  }

  static <T> T oneOf(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  static String oneOf(Random random, String choices) {
    int at = random.nextInt(choices.codePointCount(0, choices.length()));
    int start = choices.offsetByCodePoints(0, at);
    return choices.substring(start, choices.offsetByCodePoints(start, 1));
  }

  /** {@code text} with each letter's case flipped or kept at random. */
  static String randomCase(Random random, String text) {
    StringBuilder varied = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (!random.nextBoolean()) {
        varied.appendCodePoint(c);
      } else if (Character.isUpperCase(c)) {
        varied.appendCodePoint(Character.toLowerCase(c));
      } else {
        varied.appendCodePoint(Character.toUpperCase(c));
      }
    });
    return varied.toString();
  }
}
