package dev.customers.jdbi;

import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.IdempotencyKey;
import dev.customers.jdbi.batch.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The statements of idempotency keys, which a save claims first (docs/storage.md, "Idempotency keys"). */
final class KeyStatements {

  /** A key as stored by a committed save. */
  record StoredKey(String fingerprint, CustomerId customerId, Instant expiresAt) {
    boolean isLiveAt(Instant instant) {
      return expiresAt.isAfter(instant);
    }
  }

  /** The key's row was taken by a committed save (raised inside the transaction, which then rolls back). */
  static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("idempotency key taken", null, false, false);
    }
  }

  /** The key's row is held by a save that has neither committed nor rolled back within the lock timeout. */
  static final class KeyHeld extends RuntimeException {
    KeyHeld() {
      super("idempotency key held by a save in flight", null, false, false);
    }
  }

  private final String claim;
  private final String made;
  private final String find;
  private final String deleteIfExpired;
  private final String deleteExpired;

  KeyStatements(OurSchema schema) {
    this.claim = schema.qualify("""
        insert into <schema>.idempotency_keys (owner, idempotency_key, fingerprint, expires_at) values (?, ?, ?, ?)""");
    this.made = schema.qualify(
        "update <schema>.idempotency_keys set customer_id = ? where owner = ? and idempotency_key = ?");
    this.find = schema.qualify("""
        select fingerprint, customer_id, expires_at from <schema>.idempotency_keys
        where owner = ? and idempotency_key = ?""");
    this.deleteIfExpired = schema.qualify("""
        delete from <schema>.idempotency_keys
        where owner = ? and idempotency_key = ? and expires_at <= ?""");
    this.deleteExpired = schema.qualify("""
        delete from <schema>.idempotency_keys where (owner, idempotency_key) in (
          select owner, idempotency_key from <schema>.idempotency_keys where expires_at <= ? order by expires_at
          fetch first ? rows only)""");
  }

  /** Inserts the key's row, without customer; throws {@link KeyTaken} or {@link KeyHeld} for a key in use. */
  void claim(Connection connection, KeyedRequest request) throws SQLException {
    try {
      Connections.update(connection, claim, request.key().owner(), request.key().key(),
          request.fingerprint(), request.expiresAt());
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new KeyTaken();
      }
      if (SqlErrors.isLockTimeout(e)) {
        throw new KeyHeld();
      }
      throw e;
    }
  }

  /** Gives the claimed key the id of the customer its save stored. */
  void made(Connection connection, IdempotencyKey key, long customerId) throws SQLException {
    Connections.update(connection, made, customerId, key.owner(), key.key());
  }

  Optional<StoredKey> find(Connection connection, IdempotencyKey key) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(find);
        ResultSet row = Connections.bind(query, 1, key.owner(), key.key()).executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      return Optional.of(new StoredKey(row.getString(1), CustomerId.of(row.getLong(2)),
          row.getObject(3, OffsetDateTime.class).toInstant()));
    }
  }

  /** Deletes the key's row if it expired at or before {@code now}, so that a save may claim the key again. */
  void deleteIfExpired(Connection connection, IdempotencyKey key, Instant now) throws SQLException {
    Connections.update(connection, deleteIfExpired, key.owner(), key.key(), now);
  }

  int deleteExpired(Connection connection, Instant now, int max) throws SQLException {
    return Connections.update(connection, deleteExpired, now, max);
  }
}
