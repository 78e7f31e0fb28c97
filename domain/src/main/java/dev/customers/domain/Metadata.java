package dev.customers.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's free-form metadata: a JSON-like object kept exactly as sent. Values are maps with string keys,
 * lists, strings, numbers, booleans and {@code null}, nested to any depth; key order is kept. Immutable: the
 * constructor takes a deep copy.
 */
public final class Metadata {

  private static final Metadata EMPTY = new Metadata(Map.of());

  private final Map<String, Object> values;

  private Metadata(Map<String, Object> values) {
    this.values = values;
  }

  public static Metadata empty() {
    return EMPTY;
  }

  /**
   * A deep, unmodifiable copy of {@code object}.
   *
   * @throws IllegalArgumentException when a value is not JSON-like
   */
  public static Metadata of(Map<String, ?> object) {
    Objects.requireNonNull(object, "metadata");
    return object.isEmpty() ? EMPTY : new Metadata(copyObject(object));
  }

  /** The object, unmodifiable; values may be {@code null}. */
  public Map<String, Object> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Whether {@code value} is a value this class can hold: a JSON-like tree. */
  static boolean isJsonLike(Object value) {
    try {
      copyValue(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<String, Object> copyObject(Map<?, ?> object) {
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, object.size() * 2));
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException("Metadata keys are strings, got " + entry.getKey());
      }
      copy.put(key, copyValue(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Double d && Double.isFinite(d) || value instanceof Float f && Float.isFinite(f)) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return copyObject(map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(copyValue(item));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("Not a JSON-like metadata value: " + value.getClass().getName());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Metadata that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Metadata" + values;
  }
}
