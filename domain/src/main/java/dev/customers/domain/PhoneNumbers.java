package dev.customers.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Phone numbers, parsed and validated by libphonenumber and kept in E.164. */
final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  /** libphonenumber's "no default region": only numbers in international form parse. */
  private static final String INTERNATIONAL_ONLY = "ZZ";

  private PhoneNumbers() {}

  /** {@code text} in E.164 when it is a valid number in international form. */
  static Optional<String> international(String text) {
    return e164(text, INTERNATIONAL_ONLY);
  }

  /** {@code text} in E.164 when it is a valid number, read as dialled in {@code region} unless it starts with +. */
  static Optional<String> inRegion(String text, String region) {
    return e164(text, region);
  }

  private static Optional<String> e164(String text, String region) {
    try {
      PhoneNumber number = UTIL.parse(text, region);
      return UTIL.isValidNumber(number) ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** Loads the metadata of the regions now rather than on the first request that needs them. */
  static void warmUp() {
    international("+14155552671");
  }
}
