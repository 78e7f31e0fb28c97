package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import dev.customers.domain.events.CustomerCreated;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Saves without an idempotency key on PostgreSQL, one or several in one statement: customers (tags in their rows),
 * addresses and events are inserted by the parts of one {@code WITH}, from arrays: one round trip with the commit,
 * all or nothing. The foreign keys are checked at the end of the statement, when the customers' rows are there.
 */
final class PostgresSave {

  /**
   * A customer's rows found by its place in the batch ({@code n}, from 1), its tags gathered into its row. A customer
   * whose mailbox is taken, in the database or by an earlier customer of the batch, is left out by the {@code on
   * conflict} of the unique email key, and so are its addresses and event: the statement answers no row for it.
   */
  private static final String SAVE_MANY = """
      with given as (
        select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                             cast(? as text[]), cast(? as boolean[]), cast(? as boolean[]), cast(? as text[]),
                             cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]))
          with ordinality as given (%1$s, email_key, n)
      ), given_tags as (
        select * from unnest(cast(? as integer[]), cast(? as integer[]), cast(? as text[]))
          as given_tags (n, position, tag)
      ), first_of_each_email as (
        select distinct on (email_key) * from given order by email_key, n
      ), customer as (
        insert into <schema>.customers (%1$s, tags, email_key)
        select %2$s,
          array(select tag from given_tags where given_tags.n = first_of_each_email.n order by given_tags.position),
          email_key
        from first_of_each_email order by n
        on conflict (email_key) do nothing
        returning id, email
      ), saved as (
        select first_of_each_email.n, customer.id
        from customer join first_of_each_email on first_of_each_email.email = customer.email
      ), address as (
        insert into <schema>.addresses (customer_id, position, %3$s, is_default_for_billing, is_default_for_shipping)
        select saved.id, given.position, %4$s, given.is_default_for_billing, given.is_default_for_shipping
        from saved join unnest(cast(? as integer[]), cast(? as integer[]), cast(? as text[]), cast(? as text[]),
                               cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                               cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                               cast(? as text[]), cast(? as boolean[]), cast(? as boolean[]))
          as given (n, position, %3$s, is_default_for_billing, is_default_for_shipping) on given.n = saved.n
        returning id, customer_id, position
      ), event as (
        insert into <schema>.customer_events (event_id, customer_id, occurred_at, next_attempt_at)
        select given.event_id, saved.id, given.occurred_at, given.occurred_at
        from saved join unnest(cast(? as integer[]), cast(? as uuid[]), cast(? as timestamptz[]))
          as given (n, event_id, occurred_at) on given.n = saved.n
      )
      select saved.n, saved.id,
        array(select address.id from address where address.customer_id = saved.id order by address.position)
      from saved
      """.formatted(CreateStatements.CUSTOMER_COLUMNS,
      Arrays.stream(CreateStatements.CUSTOMER_COLUMNS.split(","))
          .map(column -> column.strip().equals("metadata") ? "cast(metadata as jsonb)" : column.strip())
          .map(column -> column.equals("date_joined") ? "cast(date_joined as timestamptz)" : column)
          .collect(Collectors.joining(", ")),
      CreateStatements.ADDRESS_TEXT_COLUMNS,
      Arrays.stream(CreateStatements.ADDRESS_TEXT_COLUMNS.split(",")).map(column -> "given." + column.strip())
          .collect(Collectors.joining(", ")));

  /** The array element type of each of {@link CreateStatements#CUSTOMER_VALUES}, then of {@code email_key}. */
  private static final List<String> CUSTOMER_TYPES =
      List.of("text", "text", "text", "text", "text", "bool", "bool", "text", "text", "text", "text", "text");

  private final String saveMany;

  PostgresSave(OurSchema schema) {
    this.saveMany = schema.qualify(SAVE_MANY);
  }

  /** Answers each customer stored with its ids, in the batch's order, and null for one whose email was taken. */
  List<Customer> insertAll(Connection connection, List<Customer> customers) throws SQLException {
    // Each tag and each address with its customer's place in the batch (n, from 1) and its own place.
    List<Object[]> tags = new ArrayList<>();
    List<Object[]> addresses = new ArrayList<>();
    for (int n = 1; n <= customers.size(); n++) {
      Customer customer = customers.get(n - 1);
      for (int position = 0; position < customer.tags().size(); position++) {
        tags.add(new Object[] {n, position, customer.tags().get(position)});
      }
      for (int position = 0; position < customer.addresses().size(); position++) {
        addresses.add(new Object[] {n, position, customer.addresses().get(position)});
      }
    }
    List<Function<Customer, Object>> values = new ArrayList<>(CreateStatements.CUSTOMER_VALUES);
    values.add(Customer::emailKey);
    try (PreparedStatement save = connection.prepareStatement(saveMany)) {
      int at = 1;
      for (int column = 0; column < values.size(); column++) {
        at = bind(save, at, CUSTOMER_TYPES.get(column), customers.stream().map(values.get(column))
            .map(given -> given instanceof Instant instant ? EventStatements.utc(instant).toString() : given));
      }
      for (int part = 0; part < 3; part++) {
        int of = part;
        at = bind(save, at, part < 2 ? "int4" : "text", tags.stream().map(tag -> tag[of]));
      }
      at = bind(save, at, "int4", addresses.stream().map(address -> address[0]));
      at = bind(save, at, "int4", addresses.stream().map(address -> address[1]));
      for (Function<Address, String> text : CreateStatements.ADDRESS_TEXT) {
        at = bind(save, at, "text", addresses.stream().map(address -> text.apply((Address) address[2])));
      }
      at = bind(save, at, "bool", addresses.stream().map(address -> ((Address) address[2]).isDefaultForBilling()));
      at = bind(save, at, "bool", addresses.stream().map(address -> ((Address) address[2]).isDefaultForShipping()));
      at = bind(save, at, "int4", IntStream.rangeClosed(1, customers.size()).boxed());
      at = bind(save, at, "uuid", customers.stream().map(customer -> CustomerCreated.newEventId()));
      bind(save, at, "text", customers.stream().map(customer -> EventStatements.utc(customer.dateJoined()).toString()));
      Customer[] stored = new Customer[customers.size()];
      try (ResultSet row = save.executeQuery()) {
        while (row.next()) {
          int n = row.getInt(1);
          Array ids = row.getArray(3);
          stored[n - 1] = CreateStatements.withIds(customers.get(n - 1), row.getLong(2),
              Arrays.stream((Object[]) ids.getArray()).mapToLong(id -> ((Number) id).longValue()).toArray());
          ids.free();
        }
      }
      return Arrays.asList(stored);
    }
  }

  /** Binds the values as an array of {@code type} at {@code at}; answers the next index. */
  private static int bind(PreparedStatement save, int at, String type, Stream<?> values) throws SQLException {
    save.setArray(at, save.getConnection().createArrayOf(type, values.toArray()));
    return at + 1;
  }
}
