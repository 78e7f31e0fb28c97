package dev.customers.jdbi;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.Language;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;

/** A customers row, its tags included, as a builder, so that the addresses read next can join it. */
final class CustomerRows {

  private CustomerRows() {}

  static Customer.Builder read(ResultSet row) throws SQLException {
    return Customer.builder()
        .id(CustomerId.of(row.getLong("id")))
        .email(row.getString("email"))
        .firstName(row.getString("first_name"))
        .lastName(row.getString("last_name"))
        .phoneNumber(Optional.ofNullable(row.getString("phone_number")))
        .language(Optional.ofNullable(row.getString("language")).map(Language::of))
        .acceptsMarketing(row.getBoolean("accepts_marketing"))
        .isBlocked(row.getBoolean("is_blocked"))
        .ip(Optional.ofNullable(row.getString("ip")))
        .userAgent(Optional.ofNullable(row.getString("user_agent")))
        .metadata(MetadataJson.read(row.getString("metadata")))
        // Read as an offset date-time, never through java.sql.Timestamp and the JVM's time zone.
        .dateJoined(row.getObject("date_joined", OffsetDateTime.class).toInstant())
        .addTags(tags(row.getArray("tags")));
  }

  private static String[] tags(Array tags) throws SQLException {
    try {
      Object[] elements = (Object[]) tags.getArray();
      return Arrays.copyOf(elements, elements.length, String[].class);
    } finally {
      tags.free();
    }
  }
}
