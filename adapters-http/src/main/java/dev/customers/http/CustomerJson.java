package dev.customers.http;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.Language;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer as the reference's User: exactly its keys, in its (alphabetical) order, nullable values as
 * {@code null}, and the counters this service does not keep at their zero values.
 */
final class CustomerJson {

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private CustomerJson() {}

  static Map<String, Object> of(Customer customer) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("accepts_marketing", customer.acceptsMarketing());
    List<Map<String, Object>> addresses = new ArrayList<>(customer.addresses().size());
    for (Address address : customer.addresses()) {
      addresses.add(of(address));
    }
    user.put("addresses", addresses);
    user.put("date_joined", dateTime(customer.dateJoined()));
    user.put("email", customer.email());
    user.put("first_name", customer.firstName());
    user.put("id", customer.id().map(CustomerId::value).orElse(null));
    user.put("ip", customer.ip().orElse(null));
    user.put("is_blocked", customer.isBlocked());
    user.put("language", customer.language().map(Language::code).orElse(null));
    user.put("last_name", customer.lastName());
    user.put("metadata", customer.metadata().asMap());
    user.put("orders_count", 0);
    user.put("phone_number", customer.phoneNumber().orElse(null));
    user.put("subscriptions_count", 0);
    user.put("tags", customer.tags());
    user.put("total_spent", "0.00");
    user.put("user_agent", customer.userAgent().orElse(null));
    user.put("user_type", "customer");
    return user;
  }

  private static Map<String, Object> of(Address address) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("country", address.country());
    json.put("first_name", address.firstName());
    json.put("id", address.id().map(AddressId::value).orElse(null));
    json.put("is_default_for_billing", address.isDefaultForBilling());
    json.put("is_default_for_shipping", address.isDefaultForShipping());
    json.put("last_name", address.lastName());
    json.put("line1", address.line1());
    json.put("line2", address.line2());
    json.put("line3", address.line3());
    json.put("line4", address.line4());
    json.put("notes", address.notes());
    json.put("phone_number", address.phoneNumber());
    json.put("postcode", address.postcode());
    json.put("state", address.state());
    return json;
  }

  /**
   * As the reference (Python's isoformat, UTC as "Z"): microseconds when there are any, none otherwise. Without
   * String.format, which parses its pattern on every call.
   */
  static String dateTime(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    String seconds = SECONDS.format(micros.atOffset(ZoneOffset.UTC));
    int micro = micros.getNano() / 1000;
    if (micro == 0) {
      return seconds + "Z";
    }
    String digits = Integer.toString(micro);
    return seconds + "." + "0".repeat(6 - digits.length()) + digits + "Z";
  }
}
