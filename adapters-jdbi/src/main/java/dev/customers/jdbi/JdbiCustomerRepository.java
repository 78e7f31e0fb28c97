package dev.customers.jdbi;

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
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
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
    String h2File = kind == DatabaseKind.H2_FILE ? CustomerSaves.onDataSource(dataSource, H2FileCommits::databasePath) : null;
    if (h2File != null) {
      // Before anything changes the file: the saves a journal of the release before holds are that release's to write.
      PreviousJournal.removeOrRefuse(h2File);
    }
    if (migration == Migration.ON_OPEN) {
      Schema.migrate(dataSource, database.dialect(), schema, database.where());
    } else {
      Schema.requireMigrated(dataSource, database.dialect(), schema, database.where());
    }
    this.events = new EventStatements(database.dialect(), schema);
    // For the SQL of SqlObjects (RateLimitDao): <schema>.table.
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).define("schema", schema.name());
    Database.settings(kind, durability).ifPresent(settings -> jdbi.useHandle(handle -> handle.execute(settings)));
    this.h2FileCommits = kind == DatabaseKind.H2_FILE || kind == DatabaseKind.H2_SERVER
        ? CustomerSaves.onDataSource(dataSource, connection -> H2FileCommits.open(connection, durability, database.where(), h2File))
        : null;
    this.saves = new CustomerSaves(dataSource, jdbi, kind, schema, events, h2FileCommits);
    this.ownPool = ownPool;
    this.availability = new AvailabilityProbe(() -> jdbi.withHandle(handle -> handle.createQuery("select 1")
        .setQueryTimeout(1).mapTo(Integer.class).one()) == 1, AVAILABILITY_WAIT_MILLIS);
  }

  /**
   * Makes a HikariCP pool for the URL, migrates the schema (Flyway), and closes the pool on {@link #close()}; saves
   * on an H2 file are forced to the disk ({@link Durability#POWER_LOSS}), our tables are in {@value #DEFAULT_SCHEMA}.
   *
   * <p>URLs ({@link DatabaseKind}): {@code jdbc:postgresql://host:5432/db}, {@code jdbc:h2:file:./data/customers},
   * or, in memory, {@code jdbc:h2:memFS:customers;DB_CLOSE_DELAY=-1;COMPRESS=TRUE} (pages serialized and
   * compressed, less memory per customer) or {@code jdbc:h2:mem:customers;DB_CLOSE_DELAY=-1} (rows kept as
   * objects; without the delay H2 drops the data with the last connection). An embedded H2 database is closed by
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
    return openPool(jdbcUrl, user, password, durability, new OurSchema(schema), null, ConnectionPools.LOCK_WAIT);
  }

  /**
   * The pool's metrics in {@code poolMetrics}, a Micrometer MeterRegistry or null: untyped, so that a pool without
   * metrics needs no Micrometer on the class path; waits at most {@code lockWait} for an H2 file's lock.
   */
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
   * Over a DataSource the caller owns, which {@link #close()} leaves open; otherwise as {@link #open(String, String,
   * String)}: on an H2 file the user must be an H2 admin.
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
   * As {@link #over(DataSource, Migration)}, with our tables and their history in {@code schema}, as in {@link
   * #open(String, String, String, Durability, String)}. The DataSource's connections keep their own schema: every
   * statement names ours.
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
    return saves.save(customer, null);
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

  private <T> T onHandle(HandleCallback<T, RuntimeException> work) {
    return CustomerSaves.onHandle(jdbi, work);
  }

  /**
   * On an H2 file a commit is visible before it is durable (the save waits for that after its commit), so an event
   * could be handed on, then lost with its customer by a kill -9 and its id given to another: the claim returns
   * only once every save before it is durable (a checkpoint: in the file, or with POWER_LOSS on the disk).
   */
  @Override
  public List<Claimed> claimDue(Instant now, Instant leaseUntil, int max) {
    return CustomerSaves.onConnection(jdbi, connection -> {
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
