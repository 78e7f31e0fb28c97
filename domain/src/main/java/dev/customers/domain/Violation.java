package dev.customers.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broken rule of a create request.
 *
 * @param where the field, element or field of an element that broke the rule, or the request as a whole
 * @param code stable and machine-readable: {@code required}, {@code null}, {@code blank}, {@code max_length},
 *     {@code invalid}, {@code invalid_choice}, {@code unique}, ... (see {@link Violation.Code})
 * @param message the sentence clients see, as the reference words it
 */
public record Violation(Path where, String code, String message) {

  /** The path of a violation of the request as a whole: "". */
  public static final String WHOLE_REQUEST = "";

  public Violation {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** A violation at a path written as {@link #path()} writes it, e.g. {@code addresses[1].country}. */
  public Violation(String path, String code, String message) {
    this(Path.parse(path), code, message);
  }

  /** The violation of a create whose email's mailbox another customer has ({@link Customer#emailKey()}). */
  public static Violation emailTaken() {
    return new Violation(Path.of("email"), Code.UNIQUE, Messages.EMAIL_TAKEN);
  }

  /**
   * Where, written as one string: a field ({@code email}), an element ({@code tags[2]}), a field of an element
   * ({@code addresses[1].country}); a whole list element has no field ({@code addresses[0]}); the request as a
   * whole, e.g. a body that is not an object, is {@link #WHOLE_REQUEST}.
   */
  public String path() {
    return where.toString();
  }

  /**
   * Where a violation is, in parts: a {@code field} of the request ("" for the request as a whole), perhaps an
   * {@code index} into that field's list, and perhaps an {@code itemField} of that element.
   */
  public record Path(String field, OptionalInt index, Optional<String> itemField) {

    /** The request as a whole. */
    public static final Path WHOLE = new Path("", OptionalInt.empty(), Optional.empty());

    private static final Pattern WRITTEN = Pattern.compile("([^\\[.]+)(?:\\[(\\d+)](?:\\.([^\\[.]+))?)?");

    public Path {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(itemField, "itemField");
      if (field.isEmpty() && (index.isPresent() || itemField.isPresent())
          || itemField.isPresent() && index.isEmpty()) {
        throw new IllegalArgumentException("An item field needs an index, and an index a field");
      }
    }

    /** A field of the request. */
    public static Path of(String field) {
      return new Path(field, OptionalInt.empty(), Optional.empty());
    }

    /** Element {@code i} of this field's list. */
    public Path item(int i) {
      return new Path(field, OptionalInt.of(i), Optional.empty());
    }

    /** Field {@code name} of this element. */
    public Path field(String name) {
      return new Path(field, index, Optional.of(name));
    }

    public boolean isWholeRequest() {
      return field.isEmpty();
    }

    /** A path as {@link #toString()} writes it. */
    public static Path parse(String written) {
      if (written.isEmpty()) {
        return WHOLE;
      }
      Matcher parts = WRITTEN.matcher(written);
      if (!parts.matches()) {
        throw new IllegalArgumentException("Not a violation's path: " + written);
      }
      Path path = of(parts.group(1));
      if (parts.group(2) != null) {
        path = path.item(Integer.parseInt(parts.group(2)));
      }
      return parts.group(3) == null ? path : path.field(parts.group(3));
    }

    @Override
    public String toString() {
      StringBuilder written = new StringBuilder(field);
      index.ifPresent(i -> written.append('[').append(i).append(']'));
      itemField.ifPresent(name -> written.append('.').append(name));
      return written.toString();
    }
  }

  /** The codes in use. */
  public static final class Code {
    public static final String REQUIRED = "required";
    public static final String NULL = "null";
    public static final String BLANK = "blank";
    public static final String MAX_LENGTH = "max_length";
    public static final String INVALID = "invalid";
    public static final String INVALID_CHOICE = "invalid_choice";
    public static final String UNIQUE = "unique";
    public static final String NULL_CHARACTERS = "null_characters_not_allowed";
    public static final String SURROGATE_CHARACTERS = "surrogate_characters_not_allowed";
    public static final String NOT_A_LIST = "not_a_list";
    public static final String NOT_A_DICT = "not_a_dict";
    public static final String ONLY_ONE_DEFAULT = "only_one_default";
    /** A number in metadata with too many digits before, or after, the decimal point: DRF's DecimalField codes. */
    public static final String MAX_WHOLE_DIGITS = "max_whole_digits";
    public static final String MAX_DECIMAL_PLACES = "max_decimal_places";

    private Code() {}
  }
}
