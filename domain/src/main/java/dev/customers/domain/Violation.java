package dev.customers.domain;

import java.util.Objects;

/**
 * One broken rule of a create request.
 *
 * @param path where: a field ({@code email}), an element ({@code tags[2]}) or a field of an element
 *     ({@code addresses[1].country}); a whole list element has no field ({@code addresses[0]}); the request as a
 *     whole, e.g. a body that is not an object, is {@link #WHOLE_REQUEST}
 * @param code stable and machine-readable: {@code required}, {@code null}, {@code blank}, {@code max_length},
 *     {@code invalid}, {@code invalid_choice}, {@code unique}, ... (see {@link Violation.Code})
 * @param message the sentence clients see, as the reference words it
 */
public record Violation(String path, String code, String message) {

  /** The path of a violation of the request as a whole: "". */
  public static final String WHOLE_REQUEST = "";

  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
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
