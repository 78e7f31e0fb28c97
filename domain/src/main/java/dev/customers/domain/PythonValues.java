package dev.customers.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The reference's Python view of a parsed JSON value, which its messages quote and its text fields take: the name of
 * a value's type, and what {@code str()} prints for it.
 */
final class PythonValues {

  /** Python's repr of a float switches to an exponent below this decimal-point position, or above the next. */
  private static final int FIXED_FROM = -4;
  private static final int FIXED_TO = 16;
  /** Seventeen significant digits tell every double apart. */
  private static final int MAX_DIGITS = 17;

  private PythonValues() {}

  /** The name Python gives the type of a JSON value. */
  static String typeName(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Map) {
      return "dict";
    }
    if (value instanceof List) {
      return "list";
    }
    if (isFloat(value)) {
      return "float";
    }
    if (value instanceof Number) {
      return "int";
    }
    return value.getClass().getSimpleName();
  }

  /**
   * What {@code str()} prints for a number as Python's JSON parser reads it, or {@code null} for a value that is not a
   * number of JSON: an integer as written; any other number as the float it is read as, in its shortest repr
   * ({@code 1.5}, {@code 1000.0}, {@code 1e+16}, {@code 1e-05}, {@code inf}).
   */
  static String numberText(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return floatRepr(decimal.doubleValue());
    }
    if (value instanceof Double d) {
      return floatRepr(d);
    }
    if (value instanceof Float f) {
      // As the float the text of a Java float reads as: 1.1f is 1.1, not 1.100000023841858.
      return floatRepr(Double.parseDouble(f.toString()));
    }
    return null;
  }

  /** What {@code str()} prints for a value: True, False, None, numbers as {@link #numberText}, text as it is. */
  static String str(Object value) {
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value == null) {
      return "None";
    }
    String number = numberText(value);
    return number != null ? number : String.valueOf(value);
  }

  private static boolean isFloat(Object value) {
    return value instanceof Double || value instanceof Float || value instanceof BigDecimal;
  }

  /** Python's {@code repr(float)}: the shortest digits that read back as {@code d}, fixed or with an exponent. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(d)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    // The value is 0.<digits> times ten to the power of point.
    int point = digits.length() - shortest.scale();
    String sign = d < 0 ? "-" : "";
    if (point <= FIXED_FROM || point > FIXED_TO) {
      int exponent = point - 1;
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String power = Integer.toString(Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (power.length() < 2 ? "0" : "") + power;
    }
    if (point <= 0) {
      return sign + "0." + "0".repeat(-point) + digits;
    }
    if (point >= digits.length()) {
      return sign + digits + "0".repeat(point - digits.length()) + ".0";
    }
    return sign + digits.substring(0, point) + "." + digits.substring(point);
  }

  /** The fewest significant digits that read back as {@code d} (positive), the closest to it of those. */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int digits = 1; digits < MAX_DIGITS; digits++) {
      BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == d) {
        return nearest;
      }
      // Next to a power of two the doubles are closer on one side: the other neighbour may read back instead.
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal neighbour = exact.round(new MathContext(digits, mode));
        if (neighbour.doubleValue() == d) {
          return neighbour;
        }
      }
    }
    return exact.round(new MathContext(MAX_DIGITS, RoundingMode.HALF_EVEN));
  }
}
