package dev.customers.testkit;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import dev.customers.domain.Language;
import dev.customers.domain.Metadata;
import dev.customers.domain.NewCustomer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data with realistic, valid values. Every call gets an email no earlier call had, in this run or in an
 * earlier one against the same database, so tests need not wipe storage between them.
 */
public final class Customers {

  /** Tells this run's emails from those of earlier runs kept in a file or server database. */
  private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private Customers() {}

  /** An email no other call of this class answers, e.g. {@code jane.doe.3k9x1q.7@example.com}. */
  public static String aUniqueEmail() {
    return "jane.doe." + RUN + "." + SEQUENCE.incrementAndGet() + "@example.com";
  }

  /**
   * A new customer (no id) as {@code CreateCustomer} would hand it to a repository: every field set, one
   * address, joined at {@link FixedClock#DEFAULT_INSTANT}.
   */
  public static Customer.Builder aCustomer() {
    return Customer.builder()
        .email(aUniqueEmail())
        .firstName("Jane")
        .lastName("Doe")
        .phoneNumber("+14155552671")
        .language(Language.EN)
        .acceptsMarketing(true)
        .isBlocked(false)
        .ip("203.0.113.7")
        .userAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36")
        .metadata(Metadata.of(someMetadata()))
        .tags(List.of("vip", "newsletter"))
        .addAddresses(anAddress().build())
        .dateJoined(FixedClock.DEFAULT_INSTANT);
  }

  /** An address (no id) with every field set, valid and normalised as the domain keeps it. */
  public static Address.Builder anAddress() {
    return Address.builder()
        .country("US")
        .firstName("Jane")
        .lastName("Doe")
        .line1("1600 Amphitheatre Parkway")
        .line2("Building 40")
        .line3("")
        .line4("Mountain View")
        .state("CA")
        .postcode("94043")
        .phoneNumber("+12015550123")
        .notes("Leave at the front desk.")
        .isDefaultForBilling(true)
        .isDefaultForShipping(true);
  }

  /**
   * The command of a valid create request, by wire names: names, an E.164 phone, a language, metadata, three
   * tags and two addresses with phone numbers.
   */
  public static NewCustomer.Builder aNewCustomerCommand() {
    return NewCustomer.builder()
        .email(aUniqueEmail())
        .firstName("Jane")
        .lastName("Doe")
        .phoneNumber("+14155552671")
        .language("en")
        .acceptsMarketing(true)
        .ip("203.0.113.7")
        .userAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36")
        .metadata(someMetadata())
        .tags("vip", "newsletter", "b2b")
        .address(wireAddress(
            "US", "1600 Amphitheatre Parkway", "Mountain View", "CA", "94043", "+1 201-555-0123", true))
        .address(wireAddress("DE", "Unter den Linden 77", "Berlin", "", "10117", "030 123456", false));
  }

  private static Map<String, Object> wireAddress(
      String country, String line1, String city, String state, String postcode, String phone, boolean isDefault) {
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("country", country);
    address.put("first_name", "Jane");
    address.put("last_name", "Doe");
    address.put("line1", line1);
    address.put("line4", city);
    address.put("state", state);
    address.put("postcode", postcode);
    address.put("phone_number", phone);
    address.put("is_default_for_billing", isDefault);
    address.put("is_default_for_shipping", isDefault);
    return address;
  }

  private static Map<String, Object> someMetadata() {
    Map<String, Object> loyalty = new LinkedHashMap<>();
    loyalty.put("tier", "gold");
    loyalty.put("points", 1200);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("source", "checkout");
    metadata.put("loyalty", loyalty);
    return metadata;
  }
}
