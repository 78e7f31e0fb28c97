package dev.customers.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The command of {@link CreateCustomer}: the raw values of a create request, keyed by the wire names of the
 * contract ({@code email}, {@code first_name}, {@code addresses}, ...). A key that is absent means the field was
 * not sent; a key mapped to {@code null} means it was sent as null. Values are what a JSON or form parser
 * produces: strings, booleans, numbers, lists and maps, so that {@link CreateCustomer} can report wrong types
 * together with every other broken rule. Unknown keys are ignored.
 *
 * <p>Embedders build one with the typed setters of {@link #builder()}; adapters use {@link #of(Map)}, or
 * {@link #ofBody(Object)} for a whole parsed body, which the domain judges too (a body that is not an object).
 * A field that carries JSON ({@code metadata}, {@code addresses}) but arrived as text that is not JSON, as a form
 * field may, is handed over as a {@link NotJson}.
 */
public final class NewCustomer {

  /** The body of a command made from fields: an object. */
  private static final Object AN_OBJECT = new Object();

  private final Map<String, Object> fields;
  private final Object body;
  private final IdempotencyKey idempotencyKey;

  private NewCustomer(Map<String, Object> fields, Object body) {
    this(fields, body, null);
  }

  private NewCustomer(Map<String, Object> fields, Object body, IdempotencyKey idempotencyKey) {
    this.fields = Collections.unmodifiableMap(fields);
    this.body = body;
    this.idempotencyKey = idempotencyKey;
  }

  /** A command from raw values (null values allowed); the map is copied, its nested values are not. */
  public static NewCustomer of(Map<String, ?> fields) {
    return new NewCustomer(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")), AN_OBJECT);
  }

  /**
   * A command from a whole request body as a JSON parser hands it over: an object is {@link #of(Map)} its fields;
   * anything else (a list, a string, a number, a boolean, {@code null}) makes a command that {@link CreateCustomer}
   * refuses with one violation of the request as a whole.
   */
  public static NewCustomer ofBody(Object body) {
    if (body instanceof Map<?, ?> object) {
      @SuppressWarnings("unchecked")
      Map<String, ?> fields = (Map<String, ?>) object;
      return of(fields);
    }
    return new NewCustomer(Map.of(), body);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * This command under an idempotency key: a retry of it under the same key, while the key is kept, is answered
   * with the customer the first made.
   */
  public NewCustomer withIdempotencyKey(IdempotencyKey key) {
    return new NewCustomer(fields, body, Objects.requireNonNull(key, "key"));
  }

  public Optional<IdempotencyKey> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** The raw values, unmodifiable; none for a body that is not an object. */
  public Map<String, Object> fields() {
    return fields;
  }

  boolean isObject() {
    return body == AN_OBJECT;
  }

  /** The body of a command that is not an object (see {@link #ofBody}); may be {@code null}. */
  Object body() {
    return isObject() ? fields : body;
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  Object get(String field) {
    return fields.get(field);
  }

  /** How many addresses came, as a list; 0 for none or anything else. */
  int addressesSent() {
    return fields.get("addresses") instanceof List<?> addresses ? addresses.size() : 0;
  }

  @Override
  public String toString() {
    // Personal data stays out of logs: only which fields were sent.
    return isObject() ? "NewCustomer" + fields.keySet() : "NewCustomer(not an object)";
  }

  /**
   * The value of a field that carries JSON ({@code metadata}, {@code addresses}) when it arrived as text that is
   * not JSON, as a form field may: its rule reports "Value must be valid JSON.".
   */
  public record NotJson(String text) {

    public NotJson {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
      // What a client sent stays out of logs.
      return "NotJson";
    }
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
      return new NewCustomer(copy, AN_OBJECT);
    }
  }
}
