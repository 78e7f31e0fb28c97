package dev.customers.jdbi;

import static dev.customers.jdbi.Connections.onConnection;
import static dev.customers.jdbi.Connections.onDataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.EventOutbox;
import dev.customers.jdbi.h2.H2FileCommits;
import dev.customers.jdbi.h2.PreviousJournal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The {@link CustomerRepository} on H2 (embedded, in a file or in memory) or PostgreSQL, in a schema of its own
 * ({@value #DEFAULT_SCHEMA} unless told another) that it migrates with Flyway ({@link #migrate(DataSource)}); a
 * customer and its {@link CustomerCreated} event are written in one transaction, and as the {@link EventOutbox} of
 * those events it lets several relays share one database (docs/storage.md).
 *
 * <p>Every method may throw {@link StorageUnavailableException} when no connection can be had: within two seconds
 * with the pool of {@link #open}, within the caller's own timeout with {@link #over}; then the message names the URL
 * without its password. Opening (and {@link #migrate}) throws {@link IllegalArgumentException} for a database other
 * than H2 and PostgreSQL or a schema name that is not a lower-case SQL identifier, and {@link IllegalStateException}
 * when the schema cannot be brought up to date (a failed or a newer migration) or, with {@link Migration#BY_CALLER},
 * is not the one this release needs (the message says why). Thread-safe.
 */
public final class JdbiCustomerRepository implements CustomerRepository, EventOutbox, AutoCloseable {

  /** How far a save on an H2 file has gone when it returns; PostgreSQL's own settings decide for it. */
  public enum Durability {
    /** In the file: a kill -9 loses no save that returned; a power cut may lose those of the last seconds. */
    PROCESS_CRASH,
    /** Forced to the disk as well (one fsync a batch): a power cut loses no save that returned either. Default. */
    POWER_LOSS
  }

  /** Who brings the schema up to date: {@link #over(DataSource, Migration)} itself, or its caller beforehand. */
  public enum Migration {
    /** The repository migrates the schema when it opens. The default. */
    ON_OPEN,
    /** The caller ran {@link JdbiCustomerRepository#migrate(DataSource)}; the repository checks the schema. */
    BY_CALLER
  }

  /**
   * {@link JdbiCustomerRepository#open(String, String, String, Durability, String) open} with the pool's metrics in
   * a Micrometer registry; apart, so that the repository runs (and reflects) without Micrometer, an optional one.
   */
  public static final class WithPoolMetrics {

    private WithPoolMetrics() {}

    public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability,
        MeterRegistry poolMetrics) {
      return open(jdbcUrl, user, password, durability, DEFAULT_SCHEMA, poolMetrics);
    }

    public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability,
        String schema, MeterRegistry poolMetrics) {
      return openPool(jdbcUrl, user, password, durability, new OurSchema(schema),
          Objects.requireNonNull(poolMetrics, "poolMetrics"), ConnectionPools.LOCK_WAIT);
    }
  }

  /** The schema of our tables and their history unless told another: {@value}. */
  public static final String DEFAULT_SCHEMA = OurSchema.DEFAULT;

  private static final long AVAILABILITY_WAIT_MILLIS = 1_000;

  private final Jdbi jdbi;
  private final DatabaseKind kind;
  private final CustomerSaves saves;
  private final EventStatements events;
  /** Null but on an H2 file or in an H2 server. */
  private final H2FileCommits h2FileCommits;
  private final HikariDataSource ownPool;
  private final AvailabilityProbe availability;

  private JdbiCustomerRepository(DataSource dataSource, HikariDataSource ownPool, Durability durability,
      Migration migration, OurSchema schema) {
    Database database = Database.inspect(dataSource);
    this.kind = database.kind();
    String file = kind == DatabaseKind.H2_FILE ? onDataSource(dataSource, H2FileCommits::databasePath) : null;
    if (file != null) {
      // Before anything changes the file: the saves a journal of the release before holds are that release's to write.
      PreviousJournal.removeOrRefuse(file);
    }
    if (migration == Migration.ON_OPEN) {
      Schema.migrate(dataSource, database.dialect(), schema, database.where());
    } else {
      Schema.requireMigrated(dataSource, database.dialect(), schema, database.where());
    }
    // For the SQL of SqlObjects (JdbiRateLimit.Buckets): <schema>.table.
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).define("schema", schema.name());
    Database.settings(kind, durability).ifPresent(settings -> jdbi.useHandle(handle -> handle.execute(settings)));
    this.h2FileCommits = kind == DatabaseKind.H2_FILE || kind == DatabaseKind.H2_SERVER ? onDataSource(dataSource,
        connection -> H2FileCommits.open(connection, durability, database.where(), file)) : null;
    this.events = new EventStatements(database.dialect(), schema);
    this.saves = new CustomerSaves(dataSource, jdbi, kind, schema, events, h2FileCommits);
    this.ownPool = ownPool;
    this.availability = new AvailabilityProbe(() -> jdbi.withHandle(handle -> handle.createQuery("select 1")
        .setQueryTimeout(1).mapTo(Integer.class).one()) == 1, AVAILABILITY_WAIT_MILLIS);
  }

  /**
   * Makes a HikariCP pool for the URL, migrates the schema, and closes the pool on {@link #close()}; saves on an H2
   * file are forced to the disk ({@link Durability#POWER_LOSS}). URLs: {@link DatabaseKind}, docs/storage.md (in
   * memory, {@code DB_CLOSE_DELAY=-1} keeps the data past the last connection). {@link #close()}, not H2's shutdown
   * hook, closes an embedded H2 database, so that a stop can finish its requests first.
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
   */
  public static JdbiCustomerRepository open(String jdbcUrl, String user, String password, Durability durability,
      String schema) {
    return openPool(jdbcUrl, user, password, durability, new OurSchema(schema), null, ConnectionPools.LOCK_WAIT);
  }

  /**
   * The pool's metrics in {@code poolMetrics}, a Micrometer MeterRegistry or null: untyped, so that a pool without
   * metrics needs no Micrometer on the class path; waits at most {@code lockWait} for an H2 file's lock.
   */
  static JdbiCustomerRepository openPool(String jdbcUrl, String user, String password, Durability durability,
      OurSchema schema, Object poolMetrics, Duration lockWait) {
    HikariDataSource pool = ConnectionPools.open(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password,
        Objects.requireNonNull(durability, "durability"), poolMetrics, lockWait);
    try {
      return new JdbiCustomerRepository(pool, pool, durability, Migration.ON_OPEN, schema);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Over a DataSource the caller owns, which {@link #close()} leaves open; on an H2 file the user is an admin. */
  public static JdbiCustomerRepository over(DataSource dataSource) {
    return over(dataSource, Migration.ON_OPEN);
  }

  /** As {@link #over(DataSource)}; with {@link Migration#BY_CALLER} it checks the schema instead of migrating it. */
  public static JdbiCustomerRepository over(DataSource dataSource, Migration migration) {
    return over(dataSource, migration, DEFAULT_SCHEMA);
  }

  /**
   * As {@link #over(DataSource, Migration)}, with our tables in {@code schema}. The DataSource's connections keep
   * their own schema: every statement names ours.
   */
  public static JdbiCustomerRepository over(DataSource dataSource, Migration migration, String schema) {
    return new JdbiCustomerRepository(Objects.requireNonNull(dataSource, "dataSource"), null,
        Durability.POWER_LOSS, Objects.requireNonNull(migration, "migration"), new OurSchema(schema));
  }

  /**
   * Brings the schema up to date as opening does, for embedders who then open with {@link Migration#BY_CALLER}, in
   * {@value #DEFAULT_SCHEMA}, apart from a host's own Flyway; what earlier releases kept in the default schema moves
   * there first, every row kept.
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
    return saves.save(customer, null);
  }

  /**
   * The key is claimed first in the customer's transaction: a save under a key another save took is answered from
   * the stored key, waiting while that save is uncommitted (on H2 up to its lock timeout, then "in flight").
   */
  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    return saves.save(customer, Objects.requireNonNull(request, "request"));
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    return saves.deleteExpiredKeys(now, max);
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return saves.findById(id);
  }

  @Override
  public boolean emailTaken(String email) {
    return saves.emailTaken(email);
  }

  /**
   * On an H2 file a commit is visible before it is durable, so an event could be handed on, then lost with its
   * customer: the claim returns only once every save before it is durable (a checkpoint).
   */
  @Override
  public List<Claimed> claimDue(Instant now, Instant leaseUntil, int max) {
    return onConnection(jdbi, connection -> {
      List<Claimed> claimed = events.claimDue(connection, now, leaseUntil, max);
      if (h2FileCommits != null && !claimed.isEmpty()) {
        h2FileCommits.checkpoint(connection);
      }
      return claimed;
    });
  }

  @Override
  public boolean delivered(Lease lease, Instant at) {
    return onConnection(jdbi, connection -> events.finish(connection, lease, Status.DELIVERED, at));
  }

  @Override
  public boolean retryAt(Lease lease, Instant nextAttemptAt) {
    return onConnection(jdbi, connection -> events.retryAt(connection, lease, nextAttemptAt));
  }

  @Override
  public boolean failed(Lease lease, Instant at) {
    return onConnection(jdbi, connection -> events.finish(connection, lease, Status.FAILED, at));
  }

  @Override
  public int prune(Instant occurredBefore, Instant now, int max) {
    return onConnection(jdbi, connection -> events.prune(connection, occurredBefore, now, max));
  }

  @Override
  public List<EventState> eventsOf(CustomerId customerId) {
    return onConnection(jdbi, connection -> events.eventsOf(connection, customerId));
  }

  /** Whether the database answers a trivial query within about a second; never throws. */
  public boolean isAvailable() {
    return availability.isAvailable();
  }

  /** For {@link JdbiRateLimit}: the same database and pool. */
  Jdbi jdbi() {
    return jdbi;
  }

  DatabaseKind kind() {
    return kind;
  }

  /** Closes the pool that {@link #open} made; a DataSource given to {@link #over} stays open. */
  @Override
  public void close() {
    availability.close();
    saves.close();
    if (ownPool != null) {
      ownPool.close();
    }
  }
}
