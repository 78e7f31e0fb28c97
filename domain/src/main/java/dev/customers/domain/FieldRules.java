package dev.customers.domain;

import static dev.customers.domain.Violation.Code.BLANK;
import static dev.customers.domain.Violation.Code.INVALID;
import static dev.customers.domain.Violation.Code.MAX_LENGTH;
import static dev.customers.domain.Violation.Code.NULL;
import static dev.customers.domain.Violation.Code.NULL_CHARACTERS;
import static dev.customers.domain.Violation.Code.SURROGATE_CHARACTERS;

import dev.customers.domain.Violation.Path;
import java.math.BigDecimal;
import java.util.Set;

/**
 * How a raw value becomes a checked one, field kind by field kind, with the reference's semantics: a type check,
 * then null and blank, then every validator, each failure recorded. A method answers {@code null} when the value
 * was null or broke a rule; callers that need to tell the two apart look at {@link Violations}.
 */
final class FieldRules {

  private static final Set<String> TRUE_WORDS =
      Set.of("t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1");
  private static final Set<String> FALSE_WORDS =
      Set.of("f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0");

  private FieldRules() {}

  /**
   * A text field: trimmed, then checked for blank, length (in code points) and forbidden characters. A number is
   * taken as its text, as the reference's CharField takes it; a boolean, list or object is not a string.
   */
  static String text(Violations violations, Path path, Object raw, Text kind) {
    if (raw == null) {
      if (!kind.allowNull()) {
        violations.add(path, NULL, Messages.NULL);
      }
      return null;
    }
    String string = asText(raw);
    if (string == null) {
      violations.add(path, INVALID, Messages.NOT_A_STRING);
      return null;
    }
    String text = string.strip();
    if (text.isEmpty()) {
      if (!kind.allowBlank()) {
        violations.add(path, BLANK, Messages.BLANK);
        return null;
      }
      return "";
    }
    int before = violations.count();
    if (kind.maxLength() > 0 && text.codePointCount(0, text.length()) > kind.maxLength()) {
      violations.add(path, MAX_LENGTH, Messages.maxLength(kind.maxLength()));
    }
    characters(violations, path, text);
    return violations.count() == before ? text : null;
  }

  /** The text of a string, or of a number as Python's str() prints it; {@code null} for anything else. */
  static String asText(Object raw) {
    return raw instanceof String string ? string : PythonValues.numberText(raw);
  }

  /** Rejects U+0000 (no database keeps it in text) and unpaired surrogates (not text at all). */
  static void characters(Violations violations, Path path, String text) {
    if (text.indexOf('\0') >= 0) {
      violations.add(path, NULL_CHARACTERS, Messages.NULL_CHARACTERS);
    }
    int surrogate = loneSurrogate(text);
    if (surrogate >= 0) {
      violations.add(path, SURROGATE_CHARACTERS, Messages.surrogate(surrogate));
    }
  }

  /** Records and answers whether {@code text} has a character {@link #characters} rejects. */
  static boolean hasForbiddenCharacters(Violations violations, Path path, String text) {
    int before = violations.count();
    characters(violations, path, text);
    return violations.count() > before;
  }

  /** The first unpaired surrogate code unit of {@code text}, or -1. */
  static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return c;
      }
    }
    return -1;
  }

  /** A boolean in any of the reference's spellings; {@code null} when it is none of them. */
  static Boolean bool(Violations violations, Path path, Object raw) {
    if (raw == null) {
      violations.add(path, NULL, Messages.NULL);
      return null;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String s) {
      if (TRUE_WORDS.contains(s)) {
        return true;
      }
      if (FALSE_WORDS.contains(s)) {
        return false;
      }
    }
    if (raw instanceof Number n && !(raw instanceof Double d && !Double.isFinite(d))
        && !(raw instanceof Float f && !Float.isFinite(f))) {
      BigDecimal value = new BigDecimal(n.toString());
      if (value.compareTo(BigDecimal.ONE) == 0) {
        return true;
      }
      if (value.signum() == 0) {
        return false;
      }
    }
    violations.add(path, INVALID, Messages.INVALID_BOOLEAN);
    return null;
  }

  /** Whether {@code raw} is a spelling of true; anything else, absent or broken included, is not. */
  static boolean isTrue(Object raw) {
    return raw != null && Boolean.TRUE.equals(bool(new Violations(), Path.WHOLE, raw));
  }

  /** What a text field allows. {@code maxLength} 0 means no limit beyond the body's. */
  record Text(boolean allowNull, boolean allowBlank, int maxLength) {
    static Text required(int maxLength) {
      return new Text(false, false, maxLength);
    }

    static Text optional(int maxLength) {
      return new Text(false, true, maxLength);
    }

    static Text nullable(int maxLength) {
      return new Text(true, true, maxLength);
    }
  }
}
