package dev.customers.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.EventOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The {@link CustomerRepository} on H2 (embedded, in a file or in memory) or PostgreSQL. Its tables are in a schema
 * of their own, {@value #DEFAULT_SCHEMA} unless told another, so that the database's default schema stays the
 * host's. On start it brings them up to date with Flyway, with migrations and a history table of its own ({@link
 * #migrate(DataSource)}).
 * Emails are unique ignoring case by a unique index, so racing saves are settled by the database; a customer, its
 * addresses, its tags and its {@link CustomerCreated} event are written in one transaction. As the
 * {@link EventOutbox} of those events it lets several relays share one database (docs/storage.md).
 *
 * <p>Every method may throw {@link StorageUnavailableException} when no connection can be had: within two seconds
 * with the pool of {@link #open}, within the caller's own timeout with {@link #over}. Thread-safe.
 */
public final class JdbiCustomerRepository implements CustomerRepository, EventOutbox, AutoCloseable {

  /**
   * How far a save on an H2 file has gone when it returns. PostgreSQL makes this choice itself: a commit is on
   * disk when it returns unless the server is told otherwise ({@code synchronous_commit}, {@code fsync}).
   */
  public enum Durability {
    /**
     * In the file, not yet forced to the disk: a crash of the process (kill -9) loses no save that returned; a
     * power cut or an operating-system crash may lose those of the last seconds. Faster; a choice to make.
     */
    PROCESS_CRASH,
    /**
     * Forced to the disk as well (fsync, one for each batch of saves): a power cut or an operating-system crash
     * loses no save that returned either. The default.
     */
    POWER_LOSS
  }

  /** Who brings the schema up to date: {@link #over(DataSource, Migration)} itself, or its caller beforehand. */
  public enum Migration {
    /** The repository migrates the schema when it opens. The default. */
    ON_OPEN,
    /**
     * The caller has run {@link JdbiCustomerRepository#migrate(DataSource)} (for instance in a deployment step, as
     * a user allowed to change tables); the repository only checks, by reading the history table, that the schema
     * is the one this release needs, and refuses to open otherwise.
     */
    BY_CALLER
  }

  /**
   * {@link JdbiCustomerRepository#open(String, String, String, Durability) open} with the pool's metrics in a
   * Micrometer registry. Micrometer is an optional dependency of this adapter; this class is apart from the
   * repository's so that no method of the repository names a Micrometer type, and the repository runs, and can be
   * inspected by reflection (as Spring does with a bean's class), without Micrometer on the class path.
   */
  public static final class WithPoolMetrics {

    private WithPoolMetrics() {}

    /**
     * As {@link JdbiCustomerRepository#open(String, String, String, Durability)}, and the pool's metrics
     * (connections active, idle, pending, acquire and usage times) go to {@code poolMetrics}.
     */
    public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability,
        MeterRegistry poolMetrics) {
      return open(jdbcUrl, user, password, durability, DEFAULT_SCHEMA, poolMetrics);
    }

    /** As {@link #open(String, String, String, Durability, MeterRegistry)}, with our tables in {@code schema}. */
    public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability,
        String schema, MeterRegistry poolMetrics) {
      return openPool(jdbcUrl, user, password, durability, new OurSchema(schema),
          Objects.requireNonNull(poolMetrics, "poolMetrics"));
    }
  }

  /** The schema of our tables and their history unless told another: {@value}. */
  public static final String DEFAULT_SCHEMA = OurSchema.DEFAULT;

  private static final long AVAILABILITY_WAIT_MILLIS = 1_000;

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final CreateStatements statements;
  private final EventStatements events;
  private final KeyStatements keys;
  private final ReadStatements reads;
  private final PostgresSave postgresSave;
  /** Null but on an H2 file. */
  private final H2FileCommits h2FileCommits;
  /**
   * Concurrent saves share transactions on H2, and on a file stores; on PostgreSQL those without a key share one
   * statement and its commit (docs/storage.md).
   */
  private final GroupCommits groupCommits;
  private final HikariDataSource ownPool;
  private final AvailabilityProbe availability;

  private JdbiCustomerRepository(DataSource dataSource, HikariDataSource ownPool, Durability durability,
      Migration migration, OurSchema schema) {
    Database database = Database.inspect(dataSource);
    if (database.isH2File()) {
      // Before anything changes the file: the saves a journal of the release before holds are that release's to write.
      PreviousJournal.removeOrRefuse(dataSource, database.where());
    }
    if (migration == Migration.ON_OPEN) {
      Schema.migrate(dataSource, database.dialect(), schema, database.where());
    } else {
      Schema.requireMigrated(dataSource, database.dialect(), schema, database.where());
    }
    this.dialect = database.dialect();
    this.statements = new CreateStatements(database.dialect(), schema);
    this.events = new EventStatements(database.dialect(), schema);
    this.keys = new KeyStatements(schema);
    this.reads = new ReadStatements(schema);
    this.postgresSave = new PostgresSave(schema);
    this.jdbi = Jdbi.create(dataSource)
        .installPlugin(new SqlObjectPlugin())
        // For the SQL of SqlObjects (RateLimitDao): <schema>.table.
        .define("schema", schema.name());
    Database.settings(database.dialect(), database.where(), durability)
        .ifPresent(settings -> jdbi.useHandle(handle -> handle.execute(settings)));
    if (database.isH2File()) {
      try {
        this.h2FileCommits = jdbi.withHandle(handle -> H2FileCommits.open(handle.getConnection(), durability,
            database.where()));
      } catch (SQLException e) {
        throw SqlErrors.unavailableOr(e);
      }
      this.groupCommits = new GroupCommits(dataSource, h2FileCommits);
    } else {
      this.h2FileCommits = null;
      // In memory as well: one writer costs less CPU per save than saves contending in the engine (measured).
      this.groupCommits = database.dialect() == Dialect.H2
          ? new GroupCommits(dataSource, null)
          : GroupCommits.onPostgres(dataSource, postgresSave);
    }
    this.ownPool = ownPool;
    this.availability = new AvailabilityProbe(() -> jdbi.withHandle(handle -> handle.createQuery("select 1")
        .setQueryTimeout(1).mapTo(Integer.class).one()) == 1, AVAILABILITY_WAIT_MILLIS);
  }

  /**
   * Makes a HikariCP pool for the URL, migrates the schema (Flyway), and closes the pool on {@link #close()}.
   *
   * <p>URLs: {@code jdbc:postgresql://host:5432/db}, {@code jdbc:h2:file:./data/customers}, or, in memory,
   * {@code jdbc:h2:memFS:customers;DB_CLOSE_DELAY=-1;COMPRESS=TRUE} (pages serialized and compressed, about a
   * fifth of the memory per customer) or {@code jdbc:h2:mem:customers;DB_CLOSE_DELAY=-1} (rows kept as objects;
   * without the delay H2 drops the data with the last connection). An embedded H2 database is closed by
   * {@link #close()}, not by H2's own shutdown hook (the pool adds {@code DB_CLOSE_ON_EXIT=FALSE} unless the URL
   * sets it), so that a stop can finish its requests first.
   *
   * @throws StorageUnavailableException when the database cannot be reached; the message names the URL without
   *     its password
   * @throws IllegalArgumentException for a URL of another database
   * @throws IllegalStateException when the schema cannot be brought up to date (a failed or a newer migration)
   */
  public static JdbiCustomerRepository open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, Durability.POWER_LOSS);
  }

  /** As {@link #open(String, String, String)}, with the durability of a save on an H2 file. */
  public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability) {
    return open(jdbcUrl, user, password, durability, DEFAULT_SCHEMA);
  }

  /**
   * As {@link #open(String, String, String, Durability)}, with our tables and their history in {@code schema}: an
   * SQL identifier in lower case, made when missing.
   *
   * @throws IllegalArgumentException for a schema name that is not such an identifier
   */
  public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability,
      String schema) {
    return openPool(jdbcUrl, user, password, durability, new OurSchema(schema), null);
  }

  /** {@code poolMetrics} untyped, so that a pool without metrics needs no Micrometer on the class path. */
  private static JdbiCustomerRepository openPool(String jdbcUrl, String user, String password,
      Durability durability, OurSchema schema, Object poolMetrics) {
    return openPool(jdbcUrl, user, password, durability, schema, poolMetrics, ConnectionPools.LOCK_WAIT);
  }

  /** As {@link #open(String, String, String, Durability)}, waiting at most {@code lockWait} for an H2 file's lock. */
  static JdbiCustomerRepository openPool(String jdbcUrl, String user, String password, Durability durability,
      OurSchema schema, Object poolMetrics, Duration lockWait) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(durability, "durability");
    HikariDataSource pool = ConnectionPools.open(jdbcUrl, user, password, durability, poolMetrics, lockWait);
    try {
      return new JdbiCustomerRepository(pool, pool, durability, Migration.ON_OPEN, schema);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Over a DataSource the caller owns: migrates the schema; {@link #close()} does not close the DataSource. On an H2
   * file, saves are forced to the disk ({@link Durability#POWER_LOSS}); the user must be an H2 admin.
   *
   * @throws StorageUnavailableException when no connection can be had
   * @throws IllegalArgumentException for a database other than H2 and PostgreSQL
   * @throws IllegalStateException when the schema cannot be brought up to date (a failed or a newer migration)
   */
  public static JdbiCustomerRepository over(DataSource dataSource) {
    return over(dataSource, Migration.ON_OPEN);
  }

  /**
   * As {@link #over(DataSource)}; with {@link Migration#BY_CALLER} it does not migrate the schema but checks that
   * {@link #migrate(DataSource)} brought it up to date.
   *
   * @throws IllegalStateException with {@code BY_CALLER}, when the schema is not the one this release needs (not
   *     migrated, not fully, failed or newer); the message says which
   */
  public static JdbiCustomerRepository over(DataSource dataSource, Migration migration) {
    return over(dataSource, migration, DEFAULT_SCHEMA);
  }

  /**
   * As {@link #over(DataSource, Migration)}, with our tables and their history in {@code schema}: an SQL identifier
   * in lower case, made when missing. The DataSource's connections keep their own schema: every statement names
   * ours.
   *
   * @throws IllegalArgumentException for a schema name that is not such an identifier
   */
  public static JdbiCustomerRepository over(DataSource dataSource, Migration migration, String schema) {
    return new JdbiCustomerRepository(Objects.requireNonNull(dataSource, "dataSource"), null,
        Durability.POWER_LOSS, Objects.requireNonNull(migration, "migration"), new OurSchema(schema));
  }

  /**
   * Brings the schema up to date, as opening a repository does, for embedders who run schema changes apart from
   * the application and then open it with {@link Migration#BY_CALLER}. The migrations are Flyway's, in the class
   * path location {@code dev/customers/jdbi/migration}, recorded in the table {@code customers_schema_history},
   * both in the schema {@value #DEFAULT_SCHEMA}: not Flyway's defaults, which a host application's own Flyway uses
   * in the same database. What earlier releases kept in the default schema moves there first, every row kept: the
   * history in {@code flyway_schema_history} (the host's rows stay there), then the tables.
   *
   * @throws StorageUnavailableException when no connection can be had
   * @throws IllegalArgumentException for a database other than H2 and PostgreSQL
   * @throws IllegalStateException when the schema cannot be brought up to date (a failed or a newer migration)
   */
  public static void migrate(DataSource dataSource) {
    migrate(dataSource, DEFAULT_SCHEMA);
  }

  /** As {@link #migrate(DataSource)}, with our tables in {@code schema}, made when missing. */
  public static void migrate(DataSource dataSource, String schema) {
    OurSchema ours = new OurSchema(schema);
    Database database = Database.inspect(Objects.requireNonNull(dataSource, "dataSource"));
    Schema.migrate(dataSource, database.dialect(), ours, database.where());
  }

  @Override
  public SaveResult save(Customer customer) {
    return store(customer, null, false);
  }

  /**
   * The key is claimed first in the customer's transaction: a save under a key taken by a committed save is
   * answered from the stored key; under a key another save holds uncommitted, the database makes it wait (H2 up to
   * its lock timeout, then "in flight"; PostgreSQL until that save ends) and then answers the same way. On H2 the
   * saves of this repository share transactions: one under a key that an earlier save of the same transaction
   * claimed finds it taken, and is answered from the stored key once that transaction is committed (on a file: in
   * the file).
   */
  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    Objects.requireNonNull(request, "request");
    SaveResult result = store(customer, request, false);
    if (result == null) {
      // The key's row is there but expired: it counts as absent, so it is deleted and claimed anew, once.
      result = store(customer, request, true);
    }
    // Expired again: another save got between the delete and the claim, and is still at it.
    return result != null ? result : new SaveResult.KeyInFlight();
  }

  /** The outcome; null when the key's row is there but expired at the request's time. */
  private SaveResult store(Customer customer, KeyedRequest request, boolean deleteExpiredKey) {
    if (customer.id().isPresent()) {
      throw new IllegalArgumentException(
          "Only a new customer (without id) can be saved, got id " + customer.id().get());
    }
    ConnectionWork<Customer> write = connection -> write(connection, customer, request, deleteExpiredKey);
    try {
      Customer stored;
      if (dialect == Dialect.H2) {
        stored = groupCommits.run(write::apply);
      } else if (request == null) {
        stored = groupCommits.run(new GroupCommits.CustomerSave(customer,
            connection -> saveOnPostgres(connection, customer, null)));
      } else {
        stored = jdbi.withHandle(handle -> saveOnPostgres(handle.getConnection(), customer, write));
      }
      return new SaveResult.Saved(stored);
    } catch (KeyStatements.KeyTaken taken) {
      return answerFromStoredKey(request);
    } catch (KeyStatements.KeyHeld held) {
      return new SaveResult.KeyInFlight();
    } catch (JdbiException | SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        return new SaveResult.EmailTaken();
      }
      throw SqlErrors.unavailableOr(e);
    }
  }

  /**
   * A save on PostgreSQL on its own: without a key one statement ({@link PostgresSave}), in auto-commit, one round
   * trip (several such saves that queue up together share one: {@link GroupCommits#onPostgres}); with
   * a key ({@code keyed} not null) its statements in a transaction. Committed here whether or not the caller's pool
   * hands out connections in auto-commit (Jdbi would take a connection without it for a transaction under way and
   * commit nothing).
   */
  private Customer saveOnPostgres(Connection connection, Customer customer, ConnectionWork<Customer> keyed)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (keyed == null && autoCommit) {
      return postgresSave.insert(connection, customer);
    }
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      Customer stored = keyed == null ? postgresSave.insert(connection, customer) : keyed.apply(connection);
      connection.commit();
      return stored;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }

  /** The statements of a save, in the caller's transaction: the key first, then the customer and its event. */
  private Customer write(Connection connection, Customer customer, KeyedRequest request,
      boolean deleteExpiredKey) throws SQLException {
    if (request != null) {
      if (deleteExpiredKey) {
        keys.deleteIfExpired(connection, request.key(), request.receivedAt());
      }
      keys.claim(connection, request);
    }
    Customer stored = statements.insert(connection, customer);
    events.insert(connection, CustomerCreated.of(stored));
    if (request != null) {
      keys.made(connection, request.key(), stored.id().orElseThrow().value());
    }
    return stored;
  }

  private SaveResult answerFromStoredKey(KeyedRequest request) {
    Optional<KeyStatements.StoredKey> stored =
        onConnection(connection -> keys.find(connection, request.key()));
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

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    return onHandle(handle -> keys.deleteExpired(handle, now, max));
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return onConnection(connection -> reads.find(connection, id.value()));
  }

  @Override
  public boolean emailTaken(String email) {
    return onConnection(connection -> statements.emailTaken(connection, email));
  }

  /** Runs {@code work} on a connection of its own; a connection that cannot be had or is lost is unavailability. */
  private <T> T onConnection(ConnectionWork<T> work) {
    try {
      return jdbi.withHandle(handle -> work.apply(handle.getConnection()));
    } catch (JdbiException | SQLException e) {
      throw SqlErrors.unavailableOr(e);
    }
  }

  /** Runs {@code work} with a handle of its own, for statements off the measured hot path (docs/storage.md). */
  private <T> T onHandle(HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw SqlErrors.unavailableOr(e);
    }
  }

  private interface ConnectionWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * On an H2 file a commit is visible before it is durable (the save waits for that after its commit), so an event
   * could be handed on, then lost with its customer by a kill -9 and its id given to another: the claim returns
   * only once every save before it is durable (a checkpoint: in the file, or with POWER_LOSS on the disk).
   */
  @Override
  public List<Claimed> claimDue(Instant now, Instant leaseUntil, int max) {
    return onConnection(connection -> {
      List<Claimed> claimed = events.claimDue(connection, now, leaseUntil, max);
      if (h2FileCommits != null && !claimed.isEmpty()) {
        h2FileCommits.checkpoint(connection);
      }
      return claimed;
    });
  }

  @Override
  public boolean delivered(Lease lease, Instant at) {
    return onHandle(handle -> events.finish(handle, lease, Status.DELIVERED, at));
  }

  @Override
  public boolean retryAt(Lease lease, Instant nextAttemptAt) {
    return onHandle(handle -> events.retryAt(handle, lease, nextAttemptAt));
  }

  @Override
  public boolean failed(Lease lease, Instant at) {
    return onHandle(handle -> events.finish(handle, lease, Status.FAILED, at));
  }

  @Override
  public int prune(Instant occurredBefore, Instant now, int max) {
    return onHandle(handle -> events.prune(handle, occurredBefore, now, max));
  }

  @Override
  public List<EventState> eventsOf(CustomerId customerId) {
    return onHandle(handle -> events.eventsOf(handle, customerId));
  }

  /**
   * Whether the database answers a trivial query within about a second; never throws. Concurrent callers share
   * one probe, so a slow database is not queued up with probes.
   */
  public boolean isAvailable() {
    return availability.isAvailable();
  }

  /** For {@link JdbiRateLimit}: the same database and pool. */
  Jdbi jdbi() {
    return jdbi;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Closes the pool that {@link #open} made; a DataSource given to {@link #over} stays open. */
  @Override
  public void close() {
    availability.close();
    if (groupCommits != null) {
      groupCommits.close();
    }
    if (ownPool != null) {
      ownPool.close();
    }
  }
}
