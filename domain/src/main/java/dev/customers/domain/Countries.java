package dev.customers.domain;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes, as the JDK knows them. */
final class Countries {

  private static final Set<String> ALPHA_2 = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

  private Countries() {}

  static boolean isAlpha2(String upperCaseCode) {
    return ALPHA_2.contains(upperCaseCode);
  }
}
