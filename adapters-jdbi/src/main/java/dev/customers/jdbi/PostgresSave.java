package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.Language;
import dev.customers.domain.events.CustomerCreated;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A save without an idempotency key on PostgreSQL, in one statement on a connection in auto-commit: the customer,
 * its addresses, its tags and its event are inserted by the data-modifying parts of one {@code WITH}, the addresses
 * and tags from arrays, so a create is one round trip to the server, its commit included, instead of one per
 * statement and one more for the commit. One statement is also all or nothing on its own: a taken email (SQLState
 * 23505) or any other failure leaves no row of it. The foreign keys are checked at the end of the statement, when
 * the customer's row is there. A save under a key stays in {@link CreateStatements}' transaction: the key's claim
 * has to come first and decide what follows.
 */
final class PostgresSave {

  private static final String SAVE = """
      with customer as (
        insert into customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
                               ip, user_agent, metadata, date_joined)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
        returning id
      ), address as (
        insert into addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,
                               state, postcode, phone_number, notes, is_default_for_billing, is_default_for_shipping)
        select customer.id, given.position - 1, given.country, given.first_name, given.last_name, given.line1,
               given.line2, given.line3, given.line4, given.state, given.postcode, given.phone_number, given.notes,
               given.is_default_for_billing, given.is_default_for_shipping
        from customer, unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                              cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                              cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as boolean[]),
                              cast(? as boolean[]))
          with ordinality as given (country, first_name, last_name, line1, line2, line3, line4, state, postcode,
                                    phone_number, notes, is_default_for_billing, is_default_for_shipping, position)
        returning id, position
      ), tag as (
        insert into tags (customer_id, position, tag)
        select customer.id, given.position - 1, given.tag
        from customer, unnest(cast(? as text[])) with ordinality as given (tag, position)
      ), event as (
        insert into customer_events (event_id, customer_id, occurred_at, next_attempt_at)
        select ?, customer.id, ?, ? from customer
      )
      select customer.id, array(select id from address order by position) from customer
      """;

  private PostgresSave() {}

  /** Stores the customer, its addresses, tags and event, and answers it with its id and its addresses' ids. */
  static Customer insert(Connection connection, Customer customer) throws SQLException {
    List<Address> addresses = customer.addresses();
    OffsetDateTime dateJoined = customer.dateJoined().atOffset(ZoneOffset.UTC);
    try (PreparedStatement save = connection.prepareStatement(SAVE)) {
      int at = 1;
      save.setString(at++, customer.email());
      save.setString(at++, customer.firstName());
      save.setString(at++, customer.lastName());
      save.setString(at++, customer.phoneNumber().orElse(null));
      save.setString(at++, customer.language().map(Language::code).orElse(null));
      save.setBoolean(at++, customer.acceptsMarketing());
      save.setBoolean(at++, customer.isBlocked());
      save.setString(at++, customer.ip().orElse(null));
      save.setString(at++, customer.userAgent().orElse(null));
      save.setString(at++, MetadataJson.write(customer.metadata()));
      // With its offset, never through java.sql.Timestamp and the JVM's time zone.
      save.setObject(at++, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
      for (Function<Address, String> field : List.<Function<Address, String>>of(Address::country,
          Address::firstName, Address::lastName, Address::line1, Address::line2, Address::line3, Address::line4,
          Address::state, Address::postcode, Address::phoneNumber, Address::notes)) {
        save.setArray(at++, connection.createArrayOf("text", addresses.stream().map(field).toArray()));
      }
      save.setArray(at++, connection.createArrayOf("bool",
          addresses.stream().map(Address::isDefaultForBilling).toArray()));
      save.setArray(at++, connection.createArrayOf("bool",
          addresses.stream().map(Address::isDefaultForShipping).toArray()));
      save.setArray(at++, connection.createArrayOf("text", customer.tags().toArray()));
      save.setObject(at++, CustomerCreated.newEventId());
      save.setObject(at++, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
      save.setObject(at, dateJoined, Types.TIMESTAMP_WITH_TIMEZONE);
      try (ResultSet row = save.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("The database answered no id for the customer");
        }
        long id = row.getLong(1);
        Array ids = row.getArray(2);
        Object[] addressIds = (Object[]) ids.getArray();
        ids.free();
        if (addressIds.length != addresses.size()) {
          throw new IllegalStateException(
              "The database answered " + addressIds.length + " ids for " + addresses.size() + " addresses");
        }
        List<Address> stored = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
          stored.add(addresses.get(i).withId(AddressId.of(((Number) addressIds[i]).longValue())));
        }
        return customer.withId(CustomerId.of(id)).withAddresses(stored);
      }
    }
  }
}
