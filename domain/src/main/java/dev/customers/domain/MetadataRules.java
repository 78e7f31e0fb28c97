package dev.customers.domain;

import static dev.customers.domain.Violation.Code.INVALID;
import static dev.customers.domain.Violation.Code.MAX_DECIMAL_PLACES;
import static dev.customers.domain.Violation.Code.MAX_WHOLE_DIGITS;
import static dev.customers.domain.Violation.Code.NOT_A_DICT;

import dev.customers.domain.Violation.Path;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The rules of a new customer's metadata. */
final class MetadataRules {

  static final int DIGITS_MAX = 1000;

  private MetadataRules() {}

  /** A JSON-like object kept exactly; null means {}. */
  static Metadata check(NewCustomer command, Violations violations) {
    Object raw = command.get("metadata");
    if (raw == null) {
      return Metadata.empty();
    }
    if (raw instanceof NewCustomer.NotJson) {
      violations.add(Path.of("metadata"), INVALID, Messages.INVALID_JSON);
      return Metadata.empty();
    }
    if (!(raw instanceof Map<?, ?> object)) {
      violations.add(Path.of("metadata"), NOT_A_DICT, Messages.notADict(raw));
      return Metadata.empty();
    }
    if (!Metadata.isJsonLike(object)) {
      violations.add(Path.of("metadata"), INVALID, Messages.INVALID_JSON);
      return Metadata.empty();
    }
    int before = violations.count();
    metadataCharacters(object, violations, new int[] {0});
    if (violations.count() == before) {
      metadataNumbers(object, violations);
    }
    if (violations.count() > before) {
      return Metadata.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> checked = (Map<String, ?>) object;
    return Metadata.of(checked);
  }

  /** Records the first forbidden character anywhere in the tree, keys included; one message each kind. */
  private static void metadataCharacters(Object value, Violations violations, int[] reported) {
    if (reported[0] > 0) {
      return;
    }
    if (value instanceof String s) {
      int before = violations.count();
      FieldRules.characters(violations, Path.of("metadata"), s);
      reported[0] += violations.count() - before;
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        metadataCharacters(entry.getKey(), violations, reported);
        metadataCharacters(entry.getValue(), violations, reported);
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        metadataCharacters(item, violations, reported);
      }
    }
  }

  /**
   * Records the first number with more than 1000 digits before or after the decimal point, written out in full.
   * The JSON reader takes literals of up to 1000 characters, but an exponent keeps 1e999999999 short, and no
   * database keeps such a number (PostgreSQL's numeric stops at 131072 digits before the point and 16383 after).
   */
  private static boolean metadataNumbers(Object value, Violations violations) {
    if (value instanceof Number number) {
      BigDecimal decimal = number instanceof BigDecimal d ? d
          : number instanceof BigInteger i ? new BigDecimal(i)
          : number instanceof Double || number instanceof Float ? new BigDecimal(number.toString())
          : BigDecimal.valueOf(number.longValue());
      if ((long) decimal.precision() - decimal.scale() > DIGITS_MAX) {
        violations.add(Path.of("metadata"), MAX_WHOLE_DIGITS, Messages.maxWholeDigits(DIGITS_MAX));
        return true;
      }
      if (decimal.scale() > DIGITS_MAX) {
        violations.add(Path.of("metadata"), MAX_DECIMAL_PLACES, Messages.maxDecimalPlaces(DIGITS_MAX));
        return true;
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Object item : map.values()) {
        if (metadataNumbers(item, violations)) {
          return true;
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (metadataNumbers(item, violations)) {
          return true;
        }
      }
    }
    return false;
  }
}
