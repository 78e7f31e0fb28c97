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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The statements of a create: the email check, and the inserts of a save (the customer's row with its tags, then
 * its addresses as one batch) on the connection of the caller's transaction. Plain JDBC rather than SqlObject methods:
 * Jdbi's per-call extension, config copies and reflective {@code @BindMethods} cost more than the statements
 * themselves; written this way a save costs what hand-written JDBC costs (measured in the benchmarks module, the
 * figures are in docs/performance.md). Reads are in {@link ReadStatements}.
 */
final class CreateStatements {

  /**
   * The columns of a customers row a save writes, in the order {@link #bindCustomer} binds them; then come
   * {@link #KEYED_TAGS_COLUMNS}, which {@link #bindTags} binds.
   */
  static final String CUSTOMER_COLUMNS = """
      email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
      ip, user_agent, metadata, date_joined""";
  /**
   * After {@link #CUSTOMER_COLUMNS}: {@code tags}, an array in the order the customer gave them, and
   * {@code email_key}, the customer's {@link Customer#emailKey() mailbox}, which the unique key compares.
   */
  static final String KEYED_TAGS_COLUMNS = "tags, email_key";
  /** The text columns of an addresses row, in the order of {@link #ADDRESS_TEXT}. */
  static final String ADDRESS_TEXT_COLUMNS = """
      country, first_name, last_name, line1, line2, line3, line4,
      state, postcode, phone_number, notes""";
  /** What an address gives for each of {@link #ADDRESS_TEXT_COLUMNS}, in that order. */
  static final List<Function<Address, String>> ADDRESS_TEXT = List.of(Address::country, Address::firstName,
      Address::lastName, Address::line1, Address::line2, Address::line3, Address::line4, Address::state,
      Address::postcode, Address::phoneNumber, Address::notes);
  private static final String INSERT_ADDRESS = """
      insert into <schema>.addresses (customer_id, position, %s, is_default_for_billing, is_default_for_shipping)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """.formatted(ADDRESS_TEXT_COLUMNS);
  private static final String[] ID = {"id"};

  private final String emailTaken;
  private final String insertCustomer;
  private final String insertAddress;

  CreateStatements(Dialect dialect, OurSchema schema) {
    this.emailTaken = schema.qualify("select exists (select 1 from <schema>.customers where email_key = ?)");
    this.insertCustomer = schema.qualify("insert into <schema>.customers (" + CUSTOMER_COLUMNS + ", "
        + KEYED_TAGS_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter + ", ?, ?, ?)");
    this.insertAddress = schema.qualify(INSERT_ADDRESS);
  }

  boolean emailTaken(Connection connection, String email) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(emailTaken)) {
      query.setString(1, Customer.emailKey(email));
      try (ResultSet row = query.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  /** Inserts the customer with its tags, then its addresses, and answers it with its id and its addresses' ids. */
  Customer insert(Connection connection, Customer customer) throws SQLException {
    long id = customer(connection, customer);
    List<Address> addresses = customer.addresses();
    List<Address> stored = new ArrayList<>(addresses.size());
    if (!addresses.isEmpty()) {
      long[] addressIds = addresses(connection, id, addresses);
      for (int i = 0; i < addresses.size(); i++) {
        stored.add(addresses.get(i).withId(AddressId.of(addressIds[i])));
      }
    }
    return customer.withId(CustomerId.of(id)).withAddresses(stored);
  }

  /** Binds an addresses row from parameter {@code at} on: customer, position, text columns, the two defaults. */
  private static void bindAddress(PreparedStatement insert, int at, long customerId, int position, Address address)
      throws SQLException {
    insert.setLong(at++, customerId);
    insert.setInt(at++, position);
    for (Function<Address, String> text : ADDRESS_TEXT) {
      insert.setString(at++, text.apply(address));
    }
    insert.setBoolean(at++, address.isDefaultForBilling());
    insert.setBoolean(at, address.isDefaultForShipping());
  }

  /** Inserts the customer's row (its tags in it) and answers its id; a taken email fails with SQLState 23505. */
  long customer(Connection connection, Customer customer) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertCustomer, ID)) {
      bindTags(insert, bindCustomer(insert, 1, customer), connection, customer);
      insert.executeUpdate();
      return generatedIds(insert, 1)[0];
    }
  }

  /** Binds {@link #CUSTOMER_COLUMNS} from parameter {@code at} on; answers the parameter after them. */
  static int bindCustomer(PreparedStatement statement, int at, Customer customer) throws SQLException {
    statement.setString(at++, customer.email());
    statement.setString(at++, customer.firstName());
    statement.setString(at++, customer.lastName());
    statement.setString(at++, customer.phoneNumber().orElse(null));
    statement.setString(at++, customer.language().map(Language::code).orElse(null));
    statement.setBoolean(at++, customer.acceptsMarketing());
    statement.setBoolean(at++, customer.isBlocked());
    statement.setString(at++, customer.ip().orElse(null));
    statement.setString(at++, customer.userAgent().orElse(null));
    statement.setString(at++, MetadataJson.write(customer.metadata()));
    // With its offset, never through java.sql.Timestamp and the JVM's time zone.
    statement.setObject(at++, EventStatements.utc(customer.dateJoined()), Types.TIMESTAMP_WITH_TIMEZONE);
    return at;
  }

  /**
   * Binds {@link #KEYED_TAGS_COLUMNS} from parameter {@code at} on: the customer's tags as one array, then its email's
   * key; answers the parameter after them.
   */
  static int bindTags(PreparedStatement statement, int at, Connection connection, Customer customer)
      throws SQLException {
    statement.setArray(at, connection.createArrayOf("varchar", customer.tags().toArray()));
    statement.setString(at + 1, customer.emailKey());
    return at + 2;
  }

  /** Inserts the addresses in their order and answers their ids, in the same order. */
  long[] addresses(Connection connection, long customerId, List<Address> addresses) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertAddress, ID)) {
      for (int position = 0; position < addresses.size(); position++) {
        bindAddress(insert, 1, customerId, position, addresses.get(position));
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
