package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.events.CustomerCreated;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A save without an idempotency key on PostgreSQL, in one statement on a connection in auto-commit: the customer,
 * its addresses, its tags and its event are inserted by the data-modifying parts of one {@code WITH}, the addresses
 * and tags from arrays, so a create is one round trip to the server, its commit included, instead of one per
 * statement and one more for the commit. One statement is also all or nothing on its own: a taken email (SQLState
 * 23505) or any other failure leaves no row of it. The foreign keys are checked at the end of the statement, when
 * the customer's row is there. Columns and bindings are {@link CreateStatements}' own. A save under a key stays a
 * transaction of several statements: the key's claim has to come first and decide what follows.
 */
final class PostgresSave {

  private static final String SAVE = """
      with customer as (
        insert into customers (%1$s) values (?, ?, ?, ?, ?, ?, ?, ?, ?, %2$s, ?)
        returning id
      ), address as (
        insert into addresses (customer_id, position, %3$s, is_default_for_billing, is_default_for_shipping)
        select customer.id, given.position - 1, %4$s, given.is_default_for_billing, given.is_default_for_shipping
        from customer, unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                              cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                              cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as boolean[]),
                              cast(? as boolean[]))
          with ordinality as given (%3$s, is_default_for_billing, is_default_for_shipping, position)
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
      """.formatted(CreateStatements.CUSTOMER_COLUMNS, Dialect.POSTGRESQL.jsonParameter,
      CreateStatements.ADDRESS_TEXT_COLUMNS,
      Arrays.stream(CreateStatements.ADDRESS_TEXT_COLUMNS.split(",")).map(column -> "given." + column.strip())
          .collect(Collectors.joining(", ")));

  private PostgresSave() {}

  /** Stores the customer, its addresses, tags and event, and answers it with its id and its addresses' ids. */
  static Customer insert(Connection connection, Customer customer) throws SQLException {
    List<Address> addresses = customer.addresses();
    OffsetDateTime dateJoined = EventStatements.utc(customer.dateJoined());
    try (PreparedStatement save = connection.prepareStatement(SAVE)) {
      int at = CreateStatements.bindCustomer(save, 1, customer);
      for (Function<Address, String> text : CreateStatements.ADDRESS_TEXT) {
        save.setArray(at++, connection.createArrayOf("text", addresses.stream().map(text).toArray()));
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
