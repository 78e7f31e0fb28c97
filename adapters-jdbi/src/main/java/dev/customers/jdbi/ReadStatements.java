package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.Language;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;

/** The read of a customer, its tags and addresses, in plain JDBC: on the path of every GET and every webhook. */
final class ReadStatements {

  private final String customer;
  private final String addresses;

  ReadStatements(OurSchema schema) {
    this.customer = schema.qualify("""
        select id, email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked, ip,
               user_agent, metadata, date_joined, tags
        from <schema>.customers where id = ?""");
    this.addresses = schema.qualify("""
        select id, country, first_name, last_name, line1, line2, line3, line4, state, postcode, phone_number, notes,
               is_default_for_billing, is_default_for_shipping
        from <schema>.addresses where customer_id = ? order by position""");
  }

  /** The customer with its tags and addresses, in the order they were sent; the two queries on one connection. */
  Optional<Customer> find(Connection connection, long id) throws SQLException {
    Customer.Builder found;
    try (PreparedStatement query = connection.prepareStatement(customer);
        ResultSet row = Connections.bind(query, 1, id).executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      found = customer(row);
    }
    try (PreparedStatement query = connection.prepareStatement(addresses);
        ResultSet rows = Connections.bind(query, 1, id).executeQuery()) {
      while (rows.next()) {
        found.addAddresses(address(rows));
      }
    }
    return Optional.of(found.build());
  }

  /** A customers row, its tags included, as a builder, so that the addresses read next can join it. */
  private static Customer.Builder customer(ResultSet row) throws SQLException {
    Array tags = row.getArray("tags");
    Object[] tagElements = (Object[]) tags.getArray();
    tags.free();
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
        // As an offset date-time, never through java.sql.Timestamp and the JVM's time zone.
        .dateJoined(row.getObject("date_joined", OffsetDateTime.class).toInstant())
        .addTags(Arrays.copyOf(tagElements, tagElements.length, String[].class));
  }

  private static Address address(ResultSet row) throws SQLException {
    return Address.builder()
        .id(AddressId.of(row.getLong("id")))
        .country(row.getString("country"))
        .firstName(row.getString("first_name"))
        .lastName(row.getString("last_name"))
        .line1(row.getString("line1"))
        .line2(row.getString("line2"))
        .line3(row.getString("line3"))
        .line4(row.getString("line4"))
        .state(row.getString("state"))
        .postcode(row.getString("postcode"))
        .phoneNumber(row.getString("phone_number"))
        .notes(row.getString("notes"))
        .isDefaultForBilling(row.getBoolean("is_default_for_billing"))
        .isDefaultForShipping(row.getBoolean("is_default_for_shipping"))
        .build();
  }
}
