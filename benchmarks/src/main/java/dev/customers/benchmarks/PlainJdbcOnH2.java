package dev.customers.benchmarks;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.customers.domain.Address;
import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.Language;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.testkit.Customers;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The baseline: the rows {@link CreateCustomerOnH2} writes (a customer with its three tags, two addresses and its
 * customer.created event, in one transaction), with plain JDBC on one connection and statements prepared once, no validation, no pool, no email
 * check. Only the email differs from one create to the next. What is left between the two is what the use case
 * and the adapter cost.
 */
@State(Scope.Benchmark)
public class PlainJdbcOnH2 {

  private static final String INSERT_CUSTOMER = """
      insert into customers.customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
                                       ip, user_agent, metadata, date_joined, tags, email_key)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ? format json, ?, ?, ?)
      """;
  private static final String INSERT_ADDRESS = """
      insert into customers.addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,
                                       state, postcode, phone_number, notes, is_default_for_billing,
                                       is_default_for_shipping)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String INSERT_EVENT = """
      insert into customers.customer_events (event_id, customer_id, occurred_at, next_attempt_at) values (?, ?, ?, ?)
      """;

  @Param({H2Database.MEMORY, H2Database.FILE})
  public String database;

  private H2Database h2;
  private Connection connection;
  private PreparedStatement insertCustomer;
  private PreparedStatement insertAddress;
  private PreparedStatement insertEvent;
  /** The realistic request as the use case normalises it: the values every create writes. */
  private Customer row;
  private String metadataJson;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    h2 = H2Database.fresh(database);
    // The same schema as the JDBI benchmark: the adapter's own migrations.
    JdbiCustomerRepository.open(h2.url, "sa", "").close();
    connection = DriverManager.getConnection(h2.url, "sa", "");
    H2Database.writeEachCommit(connection);
    connection.setAutoCommit(false);
    insertCustomer = connection.prepareStatement(INSERT_CUSTOMER, Statement.RETURN_GENERATED_KEYS);
    insertAddress = connection.prepareStatement(INSERT_ADDRESS, new String[] {"id"});
    insertEvent = connection.prepareStatement(INSERT_EVENT);
    row = new CreateCustomer(new InMemoryCustomerRepository(), Clock.systemUTC())
        .create(Customers.aNewCustomerCommand().build()).customer();
    metadataJson = JsonMapper.builder().build().writeValueAsString(row.metadata().asMap());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    h2.close();
  }

  /** Answers the customer's id and its addresses' ids. */
  @Benchmark
  public long[] insert() throws SQLException {
    try {
      long[] ids = insertRows(Customers.aUniqueEmail());
      connection.commit();
      return ids;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private long[] insertRows(String email) throws SQLException {
    insertCustomer.setString(1, email);
    insertCustomer.setString(2, row.firstName());
    insertCustomer.setString(3, row.lastName());
    insertCustomer.setString(4, row.phoneNumber().orElse(null));
    insertCustomer.setString(5, row.language().map(Language::code).orElse(null));
    insertCustomer.setBoolean(6, row.acceptsMarketing());
    insertCustomer.setBoolean(7, row.isBlocked());
    insertCustomer.setString(8, row.ip().orElse(null));
    insertCustomer.setString(9, row.userAgent().orElse(null));
    insertCustomer.setString(10, metadataJson);
    OffsetDateTime dateJoined = OffsetDateTime.now(ZoneOffset.UTC);
    insertCustomer.setObject(11, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
    insertCustomer.setObject(12, row.tags().toArray(new String[0]));
    insertCustomer.setString(13, Customer.emailKey(email));
    insertCustomer.executeUpdate();
    long customerId = generatedId(insertCustomer);

    List<Address> addresses = row.addresses();
    for (int i = 0; i < addresses.size(); i++) {
      Address address = addresses.get(i);
      insertAddress.setLong(1, customerId);
      insertAddress.setInt(2, i);
      insertAddress.setString(3, address.country());
      insertAddress.setString(4, address.firstName());
      insertAddress.setString(5, address.lastName());
      insertAddress.setString(6, address.line1());
      insertAddress.setString(7, address.line2());
      insertAddress.setString(8, address.line3());
      insertAddress.setString(9, address.line4());
      insertAddress.setString(10, address.state());
      insertAddress.setString(11, address.postcode());
      insertAddress.setString(12, address.phoneNumber());
      insertAddress.setString(13, address.notes());
      insertAddress.setBoolean(14, address.isDefaultForBilling());
      insertAddress.setBoolean(15, address.isDefaultForShipping());
      insertAddress.addBatch();
    }
    insertAddress.executeBatch();
    long[] ids = new long[1 + addresses.size()];
    ids[0] = customerId;
    try (ResultSet keys = insertAddress.getGeneratedKeys()) {
      for (int i = 1; keys.next(); i++) {
        ids[i] = keys.getLong(1);
      }
    }

    insertEvent.setObject(1, UUID.randomUUID());
    insertEvent.setLong(2, customerId);
    insertEvent.setObject(3, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
    insertEvent.setObject(4, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
    insertEvent.executeUpdate();
    return ids;
  }

  private static long generatedId(PreparedStatement statement) throws SQLException {
    try (ResultSet keys = statement.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("No id generated for the customer");
      }
      return keys.getLong(1);
    }
  }
}
