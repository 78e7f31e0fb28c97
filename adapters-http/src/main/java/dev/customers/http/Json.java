package dev.customers.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one JSON reader and writer of an app. Reads bodies into plain Java values (maps, lists, strings, booleans,
 * {@code Integer}/{@code Long}/{@code BigInteger}, {@code BigDecimal} for every number with a fraction or exponent,
 * so that metadata comes back exactly as sent) and refuses duplicate keys: two parsers reading different values
 * of one key is a classic way to slip a value past a check, so a document that has them is not accepted at all.
 */
final class Json {

  static final int MAX_NESTING_DEPTH = 1000;
  /** Jackson names its source in error locations; clients know what they sent. */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; ");

  private final ObjectMapper mapper;

  Json() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
        // A response nests what was read one level deeper (a form's metadata, 1000 deep, inside the user), and
        // failing to write it would answer 500 for a customer already stored. Depth is dangerous when reading.
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(2 * MAX_NESTING_DEPTH).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        // Characters outside the BMP go out as UTF-8, as they came in, not as escaped surrogate pairs.
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .build();
    this.mapper = new ObjectMapper(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * The value of a JSON document.
   *
   * @throws RequestRejected JSON_PARSE_ERROR, saying what is wrong and where
   */
  Object read(byte[] document) {
    try {
      return mapper.readValue(document, Object.class);
    } catch (JsonProcessingException e) {
      throw new RequestRejected(RequestRejected.Reason.JSON_PARSE_ERROR, describe(e));
    } catch (IOException e) {
      // Reading a byte array fails only through the parser.
      throw new UncheckedIOException(e);
    }
  }

  /** The value of a JSON document, or empty when it is not one. */
  Optional<Value> readIfValid(String document) {
    try {
      return Optional.of(new Value(mapper.readValue(document, Object.class)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Responses are maps, lists and plain values", e);
    }
  }

  /** A parsed JSON value; {@code value} is {@code null} for the document {@code null}. */
  record Value(Object value) {}

  private static String describe(JsonProcessingException e) {
    String what = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("[");
    JsonLocation where = e.getLocation();
    if (where == null || where.getLineNr() < 1) {
      return what;
    }
    return what + ": line " + where.getLineNr() + " column " + where.getColumnNr();
  }
}
