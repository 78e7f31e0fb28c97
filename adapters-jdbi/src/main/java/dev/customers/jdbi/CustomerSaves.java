package dev.customers.jdbi;

import static dev.customers.jdbi.Connections.inTransaction;
import static dev.customers.jdbi.Connections.onConnection;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.jdbi.batch.Batcher;
import dev.customers.jdbi.batch.H2FileWriter;
import dev.customers.jdbi.batch.H2Writer;
import dev.customers.jdbi.batch.PostgresWriter;
import dev.customers.jdbi.batch.SqlErrors;
import dev.customers.jdbi.h2.H2FileCommits;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The path of a save to the caller's answer (docs/storage.md), and the reads that share its statements. */
final class CustomerSaves implements AutoCloseable {

  /** A save as it waits for its batch: without a key ({@code request} null), or under one. */
  private record Save(Customer customer, KeyedRequest request, boolean deleteExpiredKey) {}

  private final Jdbi jdbi;
  private final DatabaseKind kind;
  private final CreateStatements statements;
  private final EventStatements events;
  private final KeyStatements keys;
  private final ReadStatements reads;
  private final Batcher<Save, Customer> batcher;

  /** Starts the batcher of the database; {@code h2FileCommits} null but on an H2 file or in an H2 server. */
  CustomerSaves(DataSource dataSource, Jdbi jdbi, DatabaseKind kind, OurSchema schema, EventStatements events,
      H2FileCommits h2FileCommits) {
    this.jdbi = jdbi;
    this.kind = kind;
    this.statements = new CreateStatements(kind.dialect(), schema);
    this.events = events;
    this.keys = new KeyStatements(schema);
    this.reads = new ReadStatements(schema);
    PostgresSave postgres = new PostgresSave(schema);
    this.batcher = switch (kind) {
      case H2_FILE, H2_SERVER -> new Batcher<>("h2", new H2FileWriter<>(dataSource, this::write, h2FileCommits));
      case H2_MEMORY, H2_MEMORY_FILE_SYSTEM -> new Batcher<>("h2", new H2Writer<>(dataSource, this::write));
      // Only saves without a key: those that queue up together in one statement, committed by itself in auto-commit
      // (one round trip), else in a transaction (a pool that hands out connections without auto-commit).
      case POSTGRESQL -> new Batcher<>("postgres", new PostgresWriter<Save, Customer>(dataSource, (connection, all) -> {
        List<Customer> customers = all.stream().map(Save::customer).toList();
        return connection.getAutoCommit() ? postgres.insertAll(connection, customers)
            : inTransaction(connection, on -> postgres.insertAll(on, customers));
      }));
    };
  }

  /** A save without a key ({@code request} null) or under one. */
  SaveResult save(Customer customer, KeyedRequest request) {
    SaveResult result = store(new Save(customer, request, false));
    if (result == null) {
      // The key's row is there but expired: it counts as absent, so it is deleted and claimed anew, once.
      result = store(new Save(customer, request, true));
    }
    // Expired again: another save got between the delete and the claim, and is still at it.
    return result != null ? result : new SaveResult.KeyInFlight();
  }

  /** The outcome; null when the key's row is there but expired at the request's time. */
  private SaveResult store(Save save) {
    save.customer().id().ifPresent(id -> {
      throw new IllegalArgumentException("Only a new customer (without id) can be saved, got id " + id);
    });
    try {
      Customer stored = kind == DatabaseKind.POSTGRESQL && save.request() != null
          ? onConnection(jdbi, connection -> inTransaction(connection, on -> write(on, save)))
          : batcher.run(save);
      return new SaveResult.Saved(stored);
    } catch (KeyStatements.KeyTaken taken) {
      return answerFromStoredKey(save.request());
    } catch (KeyStatements.KeyHeld held) {
      return new SaveResult.KeyInFlight();
    } catch (JdbiException | SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        return new SaveResult.EmailTaken();
      }
      throw SqlErrors.unavailableOr(e);
    }
  }

  /** The statements of a save, in the caller's transaction: the key first, then the customer and its event. */
  private Customer write(Connection connection, Save save) throws SQLException {
    KeyedRequest request = save.request();
    if (request != null) {
      if (save.deleteExpiredKey()) {
        keys.deleteIfExpired(connection, request.key(), request.receivedAt());
      }
      keys.claim(connection, request);
    }
    Customer stored = statements.insert(connection, save.customer());
    events.insert(connection, CustomerCreated.of(stored));
    if (request != null) {
      keys.made(connection, request.key(), stored.id().orElseThrow().value());
    }
    return stored;
  }

  private SaveResult answerFromStoredKey(KeyedRequest request) {
    Optional<KeyStatements.StoredKey> stored = onConnection(jdbi, connection -> keys.find(connection, request.key()));
    if (stored.isEmpty() || !stored.get().isLiveAt(request.receivedAt())) {
      // Expired, or deleted as expired since the claim failed: either way absent now.
      return null;
    }
    if (!stored.get().fingerprint().equals(request.fingerprint())) {
      return new SaveResult.KeyUsedWithAnotherRequest();
    }
    return new SaveResult.Replayed(findById(stored.get().customerId()).orElseThrow(() -> new IllegalStateException(
        "The customer of a stored idempotency key is missing")));
  }

  Optional<Customer> findById(CustomerId id) {
    return onConnection(jdbi, connection -> reads.find(connection, id.value()));
  }

  boolean emailTaken(String email) {
    return onConnection(jdbi, connection -> statements.emailTaken(connection, email));
  }

  int deleteExpiredKeys(Instant now, int max) {
    return onConnection(jdbi, connection -> keys.deleteExpired(connection, now, max));
  }

  /** Lets the saves queued finish (a bounded wait). */
  @Override
  public void close() {
    batcher.close();
  }
}
