package dev.customers.domain;

import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the phone number normalisation, over valid numbers of every country libphonenumber knows: its
 * example numbers, with their last digits changed at random where the result stays valid. Only countries with an
 * ISO 3166 code (not Ascension, Kosovo...), as an address needs one.
 */
class PhoneNumberPropertiesTest {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
  private static final List<PhoneNumber> EXAMPLES = PHONES.getSupportedRegions().stream()
      .sorted()
      .flatMap(region -> PHONES.getSupportedTypesForRegion(region).stream()
          .sorted()
          .map(type -> PHONES.getExampleNumberForType(region, type)))
      .filter(Objects::nonNull)
      .filter(PhoneNumberPropertiesTest::isValidInAnIsoCountry)
      .toList();
  private static final String SEPARATORS = " -.";

  /** A valid number; also what the test shows as its name. */
  record Sample(PhoneNumber number, String e164) {
    @Override
    public String toString() {
      return e164 + " (" + PHONES.getRegionCodeForNumber(number) + ")";
    }
  }

  static Stream<Sample> numbers() {
    return Samples.of("phone numbers", 150, PhoneNumberPropertiesTest::number);
  }

  private static Sample number(Random random) {
    PhoneNumber example = Samples.oneOf(random, EXAMPLES);
    String digits = PHONES.getNationalSignificantNumber(example);
    for (int attempt = 0; attempt < 10; attempt++) {
      int changed = 1 + random.nextInt(Math.min(3, digits.length()));
      StringBuilder varied = new StringBuilder(digits.substring(0, digits.length() - changed));
      for (int i = 0; i < changed; i++) {
        varied.append(random.nextInt(10));
      }
      PhoneNumber candidate = parse("+" + example.getCountryCode() + varied, "ZZ");
      if (candidate != null && isValidInAnIsoCountry(candidate)) {
        return sample(candidate);
      }
    }
    return sample(example);
  }

  private static boolean isValidInAnIsoCountry(PhoneNumber number) {
    return PHONES.isValidNumber(number) && ISO_COUNTRIES.contains(PHONES.getRegionCodeForNumber(number));
  }

  private static Sample sample(PhoneNumber number) {
    return new Sample(number, PHONES.format(number, PhoneNumberFormat.E164));
  }

  private static PhoneNumber parse(String text, String region) {
    try {
      return PHONES.parse(text, region);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The international form with a random separator, or none, between any two of its digits. */
  private static String punctuated(Random random, String e164) {
    StringBuilder text = new StringBuilder("+");
    for (int i = 1; i < e164.length(); i++) {
      if (i > 1 && random.nextInt(3) == 0) {
        text.append(Samples.oneOf(random, SEPARATORS));
      }
      text.append(e164.charAt(i));
    }
    return text.toString();
  }

  private static String kept(String phoneNumber) {
    return created(Requests.aCustomer().phoneNumber(phoneNumber).build()).phoneNumber().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numbers")
  void the_e164_output_reads_back_as_itself(Sample sample) {
    String kept = kept(PHONES.format(sample.number(), PhoneNumberFormat.INTERNATIONAL));

    assertThat(kept).matches("\\+[1-9][0-9]{1,14}");
    assertThat(kept(kept)).isEqualTo(kept);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numbers")
  void every_international_formatting_of_one_number_gives_one_e164(Sample sample) {
    Random random = new Random(sample.e164().hashCode());

    assertThat(Stream.of(
            PHONES.format(sample.number(), PhoneNumberFormat.E164),
            PHONES.format(sample.number(), PhoneNumberFormat.INTERNATIONAL),
            PHONES.format(sample.number(), PhoneNumberFormat.RFC3966),
            punctuated(random, sample.e164()),
            " " + punctuated(random, sample.e164()) + "\t")
        .map(PhoneNumberPropertiesTest::kept))
        .containsOnly(sample.e164());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numbers")
  void an_address_phone_in_national_form_gives_the_e164_of_its_international_form(Sample sample) {
    String country = PHONES.getRegionCodeForNumber(sample.number());
    String national = PHONES.format(sample.number(), PhoneNumberFormat.NATIONAL);

    Address address = createdAddress(Map.of("country", country, "line1", "1 Main St", "line4", "Town",
        "phone_number", national));

    assertThat(address.phoneNumber()).as("%s in %s", national, country).isEqualTo(sample.e164());
  }
}
