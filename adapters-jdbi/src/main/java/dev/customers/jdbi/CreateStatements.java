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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The statements of a create: the email check, and the inserts of a save in the caller's transaction. Plain JDBC:
 * Jdbi's per-call machinery costs more than the statements themselves (docs/performance.md).
 */
final class CreateStatements {

  /** The columns of a customers row a save writes, in the order of {@link #CUSTOMER_VALUES}. */
  static final String CUSTOMER_COLUMNS = """
      email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
      ip, user_agent, metadata, date_joined""";
  /** What a customer gives for each of {@link #CUSTOMER_COLUMNS}. */
  static final List<Function<Customer, Object>> CUSTOMER_VALUES = List.of(Customer::email, Customer::firstName,
      Customer::lastName, customer -> customer.phoneNumber().orElse(null),
      customer -> customer.language().map(Language::code).orElse(null), Customer::acceptsMarketing,
      Customer::isBlocked, customer -> customer.ip().orElse(null), customer -> customer.userAgent().orElse(null),
      customer -> MetadataJson.write(customer.metadata()), Customer::dateJoined);
  /** The text columns of an addresses row, in the order of {@link #ADDRESS_TEXT}. */
  static final String ADDRESS_TEXT_COLUMNS = """
      country, first_name, last_name, line1, line2, line3, line4,
      state, postcode, phone_number, notes""";
  /** What an address gives for each of {@link #ADDRESS_TEXT_COLUMNS}, in that order. */
  static final List<Function<Address, String>> ADDRESS_TEXT = List.of(Address::country, Address::firstName,
      Address::lastName, Address::line1, Address::line2, Address::line3, Address::line4, Address::state,
      Address::postcode, Address::phoneNumber, Address::notes);
  private static final String[] ID = {"id"};

  private final String emailTaken;
  private final String insertCustomer;
  private final String insertAddress;

  CreateStatements(Dialect dialect, OurSchema schema) {
    this.emailTaken = schema.qualify("select exists (select 1 from <schema>.customers where email_key = ?)");
    // Then the tags, an array in the order the customer gave them, and the key of its mailbox, which is unique.
    this.insertCustomer = schema.qualify("insert into <schema>.customers (" + CUSTOMER_COLUMNS + ", tags, email_key)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter + ", ?, ?, ?)");
    this.insertAddress = schema.qualify("insert into <schema>.addresses (customer_id, position, "
        + ADDRESS_TEXT_COLUMNS + ", is_default_for_billing, is_default_for_shipping)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  boolean emailTaken(Connection connection, String email) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(emailTaken);
        ResultSet row = Connections.bind(query, 1, Customer.emailKey(email)).executeQuery()) {
      return row.next() && row.getBoolean(1);
    }
  }

  /** Inserts the customer, then its addresses; answers it with its ids. A taken email fails with SQLState 23505. */
  Customer insert(Connection connection, Customer customer) throws SQLException {
    long id;
    try (PreparedStatement insert = connection.prepareStatement(insertCustomer, ID)) {
      int at = bindCustomer(insert, 1, customer);
      insert.setArray(at++, connection.createArrayOf("varchar", customer.tags().toArray()));
      insert.setString(at, customer.emailKey());
      insert.executeUpdate();
      id = generatedIds(insert, 1)[0];
    }
    List<Address> addresses = customer.addresses();
    return withIds(customer, id, addresses.isEmpty() ? new long[0] : addresses(connection, id, addresses));
  }

  /** The customer as stored: its id, and its addresses' ids in their order. */
  static Customer withIds(Customer customer, long id, long[] addressIds) {
    List<Address> addresses = customer.addresses();
    if (addressIds.length != addresses.size()) {
      throw new IllegalStateException(
          "The database answered " + addressIds.length + " ids for " + addresses.size() + " addresses");
    }
    List<Address> stored = new ArrayList<>(addresses.size());
    for (int i = 0; i < addresses.size(); i++) {
      stored.add(addresses.get(i).withId(AddressId.of(addressIds[i])));
    }
    return customer.withId(CustomerId.of(id)).withAddresses(stored);
  }

  /** Binds {@link #CUSTOMER_VALUES} from parameter {@code at} on; answers the parameter after them. */
  static int bindCustomer(PreparedStatement statement, int at, Customer customer) throws SQLException {
    Connections.bind(statement, at, CUSTOMER_VALUES.stream().map(value -> value.apply(customer)).toArray());
    return at + CUSTOMER_VALUES.size();
  }

  /** Inserts the addresses in their order as one batch and answers their ids, in the same order. */
  long[] addresses(Connection connection, long customerId, List<Address> addresses) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertAddress, ID)) {
      for (int position = 0; position < addresses.size(); position++) {
        Address address = addresses.get(position);
        Connections.bind(insert, 1, customerId, position);
        Connections.bind(insert, 3, ADDRESS_TEXT.stream().map(text -> text.apply(address)).toArray());
        Connections.bind(insert, 3 + ADDRESS_TEXT.size(), address.isDefaultForBilling(),
            address.isDefaultForShipping());
        insert.addBatch();
      }
      insert.executeBatch();
      return generatedIds(insert, addresses.size());
    }
  }

  private static long[] generatedIds(PreparedStatement insert, int expected) throws SQLException {
    long[] ids = new long[expected];
    int count = 0;
    try (ResultSet keys = insert.getGeneratedKeys()) {
      for (; keys.next(); count++) {
        if (count < expected) {
          ids[count] = keys.getLong(1);
        }
      }
    }
    if (count != expected) {
      throw new IllegalStateException("The database answered " + count + " ids for " + expected + " rows");
    }
    return ids;
  }
}
