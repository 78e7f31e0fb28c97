package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Writes again, in one transaction, what the database does not hold of the saves an {@link H2Journal} kept: those
 * answered after the last store before the process ended. Each part is looked for on its own (the customer's row,
 * each address by its id, the event, the key's row) and the missing ones are written with the ids, event and key
 * the save was answered with: a store that ran while a batch committed may have taken some of its rows and not the
 * others. Then the identity columns continue after the highest id, so that no later save is given an id a replayed
 * one has.
 */
final class JournalReplay {

  private final OurSchema schema;
  private final CreateStatements statements;
  private final KeyStatements keys;
  private final EventStatements events;

  JournalReplay(OurSchema schema, CreateStatements statements, KeyStatements keys, EventStatements events) {
    this.schema = schema;
    this.statements = statements;
    this.keys = keys;
    this.events = events;
  }

  /** Answers how many saves were missing a part and had it written again. */
  int replay(Connection connection, List<JournaledSave> saves) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      int repaired = 0;
      for (JournaledSave save : saves) {
        if (repair(connection, save)) {
          repaired++;
        }
      }
      if (repaired > 0) {
        continueIdentity(connection, "customers");
        continueIdentity(connection, "addresses");
      }
      connection.commit();
      return repaired;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private boolean repair(Connection connection, JournaledSave save) throws SQLException {
    boolean repaired = false;
    long id = save.customer().id().orElseThrow().value();
    if (!exists(connection, "select 1 from <schema>.customers where id = ?", id)) {
      statements.customerWithId(connection, save.customer());
      repaired = true;
    }
    List<Address> addresses = save.customer().addresses();
    for (int position = 0; position < addresses.size(); position++) {
      Address address = addresses.get(position);
      if (!exists(connection, "select 1 from <schema>.addresses where id = ?", address.id().orElseThrow().value())) {
        statements.addressWithId(connection, id, position, address);
        repaired = true;
      }
    }
    if (!eventExists(connection, save.event().eventId())) {
      events.insert(connection, save.event());
      repaired = true;
    }
    if (save.request() != null) {
      repaired |= repairKey(connection, save.request(), id);
    }
    return repaired;
  }

  /**
   * Makes the key's row the one the save left: there and naming the customer. Missing, it is claimed and named; an
   * expired row of the same key may be back instead (its deletion came after the last store, and went with it),
   * and is deleted first; claimed but not named, it is named.
   */
  private boolean repairKey(Connection connection, KeyedRequest request, long customerId)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(schema.qualify(
        "select customer_id from <schema>.idempotency_keys where owner = ? and idempotency_key = ?"))) {
      query.setString(1, request.key().owner());
      query.setString(2, request.key().key());
      try (ResultSet row = query.executeQuery()) {
        if (row.next()) {
          Long named = row.getObject(1, Long.class);
          if (named != null && named == customerId) {
            return false;
          }
          if (named == null) {
            // Nothing is in flight while a journal is replayed: a claim without a customer is this save's.
            keys.made(connection, request.key(), customerId);
            return true;
          }
        }
      }
    }
    keys.deleteIfExpired(connection, request.key(), request.receivedAt());
    keys.claim(connection, request);
    keys.made(connection, request.key(), customerId);
    return true;
  }

  private boolean exists(Connection connection, String query, long id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(schema.qualify(query))) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private boolean eventExists(Connection connection, UUID eventId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(schema.qualify("select 1 from <schema>.customer_events where event_id = ?"))) {
      statement.setObject(1, eventId);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private void continueIdentity(Connection connection, String table) throws SQLException {
    long next;
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select coalesce(max(id), 0) + 1 from " + schema.name() + "." + table)) {
      row.next();
      next = row.getLong(1);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("alter table " + schema.name() + "." + table + " alter column id restart with " + next);
    }
  }
}
