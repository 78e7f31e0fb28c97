package dev.customers.http;

import dev.customers.domain.NewCustomer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of a create request as parsed, before the domain reads it.
 *
 * @param fields the raw values keyed by wire name, as {@link NewCustomer#of} takes them
 * @param invalidJsonFields the form fields ({@code metadata}, {@code addresses}) whose text was not JSON; their
 *     raw text stays in {@code fields}, where the domain refuses it (a string is neither an object nor a list), and
 *     the error mapping words that refusal as "Value must be valid JSON."
 */
record CreateRequest(Map<String, Object> fields, Set<String> invalidJsonFields) {

  /** Where a create handler leaves the request for the error mapping. */
  static final String ATTRIBUTE = "dev.customers.http.CreateRequest";

  CreateRequest {
    invalidJsonFields = Set.copyOf(invalidJsonFields);
  }

  NewCustomer command() {
    return NewCustomer.of(fields);
  }

  /** How many addresses were sent; DRF's error list for them has one entry per address. */
  int addressesSent() {
    return fields.get("addresses") instanceof List<?> addresses ? addresses.size() : 0;
  }
}
