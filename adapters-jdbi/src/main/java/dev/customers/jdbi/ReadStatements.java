package dev.customers.jdbi;

import dev.customers.domain.Customer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The read of a customer with its tags and addresses, the same SQL on H2 and PostgreSQL, in plain JDBC as
 * {@link CreateStatements}: it is on the path of every GET and every webhook (the measurement that put it there is
 * in docs/performance.md).
 */
final class ReadStatements {

  private static final String CUSTOMER = """
      select id, email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked, ip,
             user_agent, metadata, date_joined, tags
      from <schema>.customers
      where id = ?
      """;
  private static final String ADDRESSES = """
      select id, country, first_name, last_name, line1, line2, line3, line4, state, postcode, phone_number, notes,
             is_default_for_billing, is_default_for_shipping
      from <schema>.addresses
      where customer_id = ?
      order by position
      """;

  private final String customerRow;
  private final String addresses;

  ReadStatements(OurSchema schema) {
    this.customerRow = schema.qualify(CUSTOMER);
    this.addresses = schema.qualify(ADDRESSES);
  }

  /** The customer with its tags and addresses, in the order they were sent; the two queries on one connection. */
  Optional<Customer> find(Connection connection, long id) throws SQLException {
    Customer.Builder customer;
    try (PreparedStatement query = connection.prepareStatement(customerRow)) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        customer = CustomerRows.read(row);
      }
    }
    try (PreparedStatement query = connection.prepareStatement(addresses)) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          customer.addAddresses(AddressRows.read(rows));
        }
      }
    }
    return Optional.of(customer.build());
  }
}
