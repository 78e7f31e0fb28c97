package dev.customers.domain;

/** The sentences clients see, worded as the reference (Django REST Framework) words them. */
final class Messages {

  static final String REQUIRED = "This field is required.";
  static final String NULL = "This field may not be null.";
  static final String BLANK = "This field may not be blank.";
  static final String NOT_A_STRING = "Not a valid string.";
  static final String INVALID_JSON = "Value must be valid JSON.";
  static final String NO_DATA = "No data provided";
  static final String NULL_CHARACTERS = "Null characters are not allowed.";
  static final String INVALID_BOOLEAN = "Must be a valid boolean.";
  static final String INVALID_EMAIL = "Enter a valid email address.";
  static final String EMAIL_TAKEN = "user with this email already exists.";
  static final String INVALID_PHONE = "Enter a valid phone number.";
  static final String INVALID_IP = "Enter a valid IPv4 or IPv6 address.";
  static final String ONLY_ONE_DEFAULT_BILLING = "Only one address can be the default billing address.";
  static final String ONLY_ONE_DEFAULT_SHIPPING = "Only one address can be the default shipping address.";
  static final String KEY_USED_WITH_ANOTHER_REQUEST =
      "This Idempotency-Key was already used with a different request.";
  static final String KEY_IN_FLIGHT = "A request with this Idempotency-Key is still being processed.";

  private Messages() {}

  static String maxLength(int max) {
    return "Ensure this field has no more than " + max + " characters.";
  }

  static String maxWholeDigits(int max) {
    return "Ensure that there are no more than " + max + " digits before the decimal point.";
  }

  static String maxDecimalPlaces(int max) {
    return "Ensure that there are no more than " + max + " decimal places.";
  }

  static String maxElements(int max) {
    return "Ensure this field has no more than " + max + " elements.";
  }

  static String surrogate(int codeUnit) {
    return String.format("Surrogate characters are not allowed: U+%X.", codeUnit);
  }

  static String invalidChoice(Object value) {
    return "\"" + PythonValues.str(value) + "\" is not a valid choice.";
  }

  static String notAList(Object value) {
    return "Expected a list of items but got type \"" + PythonValues.typeName(value) + "\".";
  }

  static String notADict(Object value) {
    return "Expected a dictionary of items but got type \"" + PythonValues.typeName(value) + "\".";
  }

  static String notAnObject(Object value) {
    return "Invalid data. Expected a dictionary, but got " + PythonValues.typeName(value) + ".";
  }
}
