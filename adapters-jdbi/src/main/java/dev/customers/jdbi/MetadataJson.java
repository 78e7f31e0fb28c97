package dev.customers.jdbi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.customers.domain.Metadata;
import java.util.Map;

/**
 * Metadata as JSON text, read the way the HTTP adapter reads a request: floats as BigDecimal (1.50 keeps its scale),
 * integers as Integer, Long or BigInteger by size. So what was sent equals what comes back.
 */
final class MetadataJson {

  /**
   * Reads back only what was written here, whatever it became: jsonb writes a number out in full, past Jackson's
   * default limits, and a customer that cannot be read back would answer 500 for ever.
   */
  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNumberLength(200_000)
              .maxNestingDepth(10_000)
              .build())
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final ObjectWriter WRITER = MAPPER.writer();
  private static final ObjectReader READER = MAPPER.readerFor(new TypeReference<Map<String, Object>>() {});

  private MetadataJson() {}

  static String write(Metadata metadata) {
    try {
      return WRITER.writeValueAsString(metadata.asMap());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Metadata cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Metadata read(String json) {
    try {
      return Metadata.of(READER.readValue(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored metadata is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
