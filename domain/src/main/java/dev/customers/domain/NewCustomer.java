package dev.customers.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command of {@link CreateCustomer}: the raw values of a create request, keyed by the wire names of the
 * contract ({@code email}, {@code first_name}, {@code addresses}, ...). A key that is absent means the field was
 * not sent; a key mapped to {@code null} means it was sent as null. Values are what a JSON or form parser
 * produces: strings, booleans, numbers, lists and maps, so that {@link CreateCustomer} can report wrong types
 * together with every other broken rule. Unknown keys are ignored.
 *
 * <p>Embedders build one with the typed setters of {@link #builder()}; adapters use {@link #of(Map)}.
 */
public final class NewCustomer {

  private final Map<String, Object> fields;

  private NewCustomer(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** A command from raw values (null values allowed); the map is copied, its nested values are not. */
  public static NewCustomer of(Map<String, ?> fields) {
    return new NewCustomer(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The raw values, unmodifiable. */
  public Map<String, Object> fields() {
    return fields;
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  Object get(String field) {
    return fields.get(field);
  }

  @Override
  public String toString() {
    // Personal data stays out of logs: only which fields were sent.
    return "NewCustomer" + fields.keySet();
  }

  /** Typed setters for embedders; every field is optional but {@code email}. */
  public static final class Builder {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<Object> addresses = new ArrayList<>();

    private Builder() {}

    public Builder email(String email) {
      return set("email", email);
    }

    public Builder firstName(String firstName) {
      return set("first_name", firstName);
    }

    public Builder lastName(String lastName) {
      return set("last_name", lastName);
    }

    public Builder phoneNumber(String phoneNumber) {
      return set("phone_number", phoneNumber);
    }

    public Builder language(String languageCode) {
      return set("language", languageCode);
    }

    public Builder acceptsMarketing(boolean acceptsMarketing) {
      return set("accepts_marketing", acceptsMarketing);
    }

    public Builder isBlocked(boolean isBlocked) {
      return set("is_blocked", isBlocked);
    }

    public Builder ip(String ip) {
      return set("ip", ip);
    }

    public Builder userAgent(String userAgent) {
      return set("user_agent", userAgent);
    }

    public Builder metadata(Map<String, ?> metadata) {
      return set("metadata", metadata);
    }

    public Builder tags(String... tags) {
      // Arrays.asList, not List.of: a null tag is the caller's mistake to be reported, not a NullPointerException.
      return set("tags", new ArrayList<>(Arrays.asList(tags)));
    }

    public Builder tags(List<String> tags) {
      return set("tags", tags);
    }

    /** Adds an address given by its wire fields, e.g. {@code Map.of("country", "DE", "line1", ..., "line4", ...)}. */
    public Builder address(Map<String, ?> address) {
      addresses.add(address);
      fields.put("addresses", addresses);
      return this;
    }

    /** Sets any field by its wire name, raw: for values of the wrong type too. */
    public Builder set(String field, Object value) {
      fields.put(field, value);
      return this;
    }

    public NewCustomer build() {
      Map<String, Object> copy = new LinkedHashMap<>(fields);
      if (copy.get("addresses") == addresses) {
        copy.put("addresses", Collections.unmodifiableList(new ArrayList<>(addresses)));
      }
      return new NewCustomer(copy);
    }
  }
}
