package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.Language;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a create: the email check, and the inserts of a save (one statement per table, the addresses
 * and tags as batches) on the connection of the caller's transaction. Plain JDBC rather than SqlObject methods:
 * Jdbi's per-call extension, config copies and reflective {@code @BindMethods} cost more than the statements
 * themselves; written this way a save costs what hand-written JDBC costs (measured in the benchmarks module, the
 * figures are in docs/performance.md). Reads are in {@link ReadStatements}.
 */
final class CreateStatements {

  private static final String INSERT_ADDRESS = """
      insert into addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,
                             state, postcode, phone_number, notes, is_default_for_billing, is_default_for_shipping)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String INSERT_TAG = "insert into tags (customer_id, position, tag) values (?, ?, ?)";
  private static final String[] ID = {"id"};

  private final String emailTaken;
  private final String insertCustomer;

  CreateStatements(Dialect dialect) {
    this.emailTaken = "select exists (select 1 from customers where " + dialect.emailKeyEquals + ")";
    this.insertCustomer = """
        insert into customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
                               ip, user_agent, metadata, date_joined)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, %s, ?)
        """.formatted(dialect.jsonParameter);
  }

  boolean emailTaken(Connection connection, String email) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(emailTaken)) {
      query.setString(1, email);
      try (ResultSet row = query.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  /** Inserts the customer, its addresses and its tags, and answers it with its id and its addresses' ids. */
  Customer insert(Connection connection, Customer customer) throws SQLException {
    long id = customer(connection, customer, customer.language().map(Language::code).orElse(null),
        MetadataJson.write(customer.metadata()), customer.dateJoined().atOffset(ZoneOffset.UTC));
    List<Address> addresses = customer.addresses();
    List<Address> stored = new ArrayList<>(addresses.size());
    if (!addresses.isEmpty()) {
      long[] addressIds = addresses(connection, id, addresses);
      for (int i = 0; i < addresses.size(); i++) {
        stored.add(addresses.get(i).withId(AddressId.of(addressIds[i])));
      }
    }
    if (!customer.tags().isEmpty()) {
      tags(connection, id, customer.tags());
    }
    return customer.withId(CustomerId.of(id)).withAddresses(stored);
  }

  /** Inserts the customer row alone and answers its id; a taken email fails with SQLState 23505. */
  long customer(Connection connection, Customer customer, String language, String metadataJson,
      OffsetDateTime dateJoined) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertCustomer, ID)) {
      insert.setString(1, customer.email());
      insert.setString(2, customer.firstName());
      insert.setString(3, customer.lastName());
      insert.setString(4, customer.phoneNumber().orElse(null));
      insert.setString(5, language);
      insert.setBoolean(6, customer.acceptsMarketing());
      insert.setBoolean(7, customer.isBlocked());
      insert.setString(8, customer.ip().orElse(null));
      insert.setString(9, customer.userAgent().orElse(null));
      insert.setString(10, metadataJson);
      // With its offset, never through java.sql.Timestamp and the JVM's time zone.
      insert.setObject(11, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
      insert.executeUpdate();
      return generatedIds(insert, 1)[0];
    }
  }

  /** Inserts the addresses in their order and answers their ids, in the same order. */
  long[] addresses(Connection connection, long customerId, List<Address> addresses) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_ADDRESS, ID)) {
      for (int position = 0; position < addresses.size(); position++) {
        Address address = addresses.get(position);
        insert.setLong(1, customerId);
        insert.setInt(2, position);
        insert.setString(3, address.country());
        insert.setString(4, address.firstName());
        insert.setString(5, address.lastName());
        insert.setString(6, address.line1());
        insert.setString(7, address.line2());
        insert.setString(8, address.line3());
        insert.setString(9, address.line4());
        insert.setString(10, address.state());
        insert.setString(11, address.postcode());
        insert.setString(12, address.phoneNumber());
        insert.setString(13, address.notes());
        insert.setBoolean(14, address.isDefaultForBilling());
        insert.setBoolean(15, address.isDefaultForShipping());
        insert.addBatch();
      }
      insert.executeBatch();
      return generatedIds(insert, addresses.size());
    }
  }

  void tags(Connection connection, long customerId, List<String> tags) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_TAG)) {
      for (int position = 0; position < tags.size(); position++) {
        insert.setLong(1, customerId);
        insert.setInt(2, position);
        insert.setString(3, tags.get(position));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static long[] generatedIds(PreparedStatement insert, int expected) throws SQLException {
    long[] ids = new long[expected];
    int count = 0;
    try (ResultSet keys = insert.getGeneratedKeys()) {
      while (keys.next()) {
        if (count < expected) {
          ids[count] = keys.getLong(1);
        }
        count++;
      }
    }
    if (count != expected) {
      throw new IllegalStateException("The database answered " + count + " ids for " + expected + " rows");
    }
    return ids;
  }
}
