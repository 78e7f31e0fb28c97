package dev.customers.jdbi;

import dev.customers.domain.Customer;
import dev.customers.domain.StorageUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Group commit: the saves waiting at a moment share one transaction and, on an H2 file, one store and one fsync;
 * on PostgreSQL, those without an idempotency key share one statement and its commit.
 *
 * <p>On an H2 file each commit has to reach the file, and by default the disk, before its save returns
 * ({@link H2FileCommits}), and each store rewrites the last page of every B-tree it touches, whatever the number of
 * rows. Here one writer thread takes the saves queued at that moment (up to {@link #MAX_BATCH}), runs each under a
 * savepoint of one transaction, so that a save that fails (a taken email or key, a fault) is rolled back alone and
 * hears its own failure, commits once (H2 stores the batch), asks for one checkpoint (one fsync), and only then
 * answers each save. A save is answered exactly as on its own, and never before it is in the file. In memory
 * there is no store to share, but one thread running the saves one after the other costs less CPU than many
 * threads contending for the engine's maps and locks (measured: docs/performance.md).
 *
 * <p>On PostgreSQL ({@link #onPostgres}) the writer stores a batch of several {@link CustomerSave}s with
 * {@link PostgresSave#insertAll}: one round trip and one commit for all of them instead of one each, and one
 * thread waiting for the database instead of one per request. A customer whose email is taken is left out of that
 * statement whole and hears {@link EmailTaken}; a batch of one is stored as on its own. When the statement fails,
 * nothing of it is stored and each save is run again on its own.
 *
 * <p>When the transaction itself breaks (a deadlock with another process's transaction, a failed commit before it
 * was made), the whole batch is rolled back and each save is run again in a transaction of its own, unless the
 * connection is lost: then every save of the batch hears it. {@link #close()} lets queued saves finish and fails
 * those it cannot finish in time with {@link StorageUnavailableException}; a save after close hears that too.
 */
final class GroupCommits implements AutoCloseable {

  /** One save's statements, on the connection of the shared transaction; what it throws fails only that save. */
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * On PostgreSQL, a save without a key: {@code alone} stores it by itself (in auto-commit, one round trip), and a
   * batch of several is stored by {@link PostgresSave#insertAll}.
   */
  record CustomerSave(Customer customer, Work<Customer> alone) implements Work<Customer> {
    @Override
    public Customer apply(Connection connection) throws SQLException {
      return alone.apply(connection);
    }
  }

  /** What a save of a batch on PostgreSQL hears when its email is taken: a unique violation, as on its own. */
  static final class EmailTaken extends SQLException {
    EmailTaken() {
      super("The email is taken (the unique email index's on conflict left the customer out)", "23505");
    }
  }

  /** Enough to share one store among every request thread of a busy server; a bound on one transaction's size. */
  static final int MAX_BATCH = 64;
  private static final int QUEUE_CAPACITY = 1024;
  /** As long as a save waits for a pooled connection: a writer that far behind is as good as unavailable. */
  private static final long QUEUE_WAIT_MILLIS = 2_000;
  private static final long POLL_MILLIS = 100;
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final DataSource dataSource;
  /** Null in memory: a commit there is all there is. */
  private final H2FileCommits durable;
  /**
   * Not null on PostgreSQL, where saves are {@link CustomerSave}s stored together in one statement, not under
   * savepoints.
   */
  private final PostgresSave postgres;
  private final BlockingQueue<Pending<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final long closeWaitMillis;
  private final Thread writer;
  private volatile boolean closed;
  /** The batch the writer is at, for close() to fail if the writer is stuck. */
  private volatile List<Pending<?>> running = List.of();

  GroupCommits(DataSource dataSource, H2FileCommits durable) {
    this(dataSource, durable, null, CLOSE_WAIT_MILLIS);
  }

  GroupCommits(DataSource dataSource, H2FileCommits durable, long closeWaitMillis) {
    this(dataSource, durable, null, closeWaitMillis);
  }

  /** On PostgreSQL: takes {@link CustomerSave}s only. */
  static GroupCommits onPostgres(DataSource dataSource, PostgresSave postgres) {
    return new GroupCommits(dataSource, null, postgres, CLOSE_WAIT_MILLIS);
  }

  private GroupCommits(DataSource dataSource, H2FileCommits durable, PostgresSave postgres, long closeWaitMillis) {
    this.dataSource = dataSource;
    this.durable = durable;
    this.postgres = postgres;
    this.closeWaitMillis = closeWaitMillis;
    this.writer = new Thread(this::write, postgres != null ? "customers-postgres-writer" : "customers-h2-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Runs {@code work} in the next shared transaction and answers what it answered once that transaction is in
   * the file (in memory: committed); throws what it threw (its statements then rolled back), or what broke the
   * transaction or its store.
   */
  <T> T run(Work<T> work) throws SQLException {
    Pending<T> pending = new Pending<>(work);
    boolean queued;
    try {
      queued = !closed && queue.offer(pending, QUEUE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException("Interrupted while waiting to save", e);
    }
    // Closed meanwhile and not yet taken by the writer: it may have stopped, and would never answer.
    if (queued && closed && queue.remove(pending)) {
      queued = false;
    }
    if (!queued) {
      throw new StorageUnavailableException(closed
          ? "The customer repository is closed"
          : "The customer database is too far behind: " + QUEUE_CAPACITY + " saves waiting", null);
    }
    return pending.awaitAnswer();
  }

  /** Saves queued and not yet taken by the writer. */
  int queued() {
    return queue.size();
  }

  private void write() {
    List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      Pending<?> first;
      try {
        first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (closed && queue.isEmpty()) {
          break;
        }
        forceIfDue();
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      running = List.copyOf(batch);
      try {
        if (postgres != null) {
          runOnPostgres(batch);
        } else {
          runInOneTransaction(batch);
        }
      } catch (Throwable e) {
        // An Error (out of memory...) must not end the writer: every later save would wait for ever.
        batch.forEach(pending -> pending.fail(e));
      }
      running = List.of();
      batch.clear();
    }
  }

  /** Runs the batch and answers each of its saves; throws no Exception. */
  private void runInOneTransaction(List<Pending<?>> batch) {
    try (Connection connection = dataSource.getConnection()) {
      Exception broken = runAndCommit(connection, batch);
      if (broken == null) {
        if (durable != null) {
          durable.checkpoint(connection);
        }
        batch.forEach(Pending::complete);
        if (durable != null) {
          // Answered first: the slice of compaction delays the next batch, not this one.
          durable.compactSome(connection);
        }
        return;
      }
      if (batch.size() == 1 || SqlErrors.unavailableOr(broken) instanceof StorageUnavailableException) {
        batch.forEach(pending -> pending.fail(broken));
        return;
      }
    } catch (SQLException | RuntimeException e) {
      // No connection, or the commit is made but its store failed: no save of the batch may say it is stored.
      batch.forEach(pending -> pending.fail(e));
      return;
    }
    // Rolled back whole for something other than a lost connection: each save alone, answered as before batching.
    for (Pending<?> pending : batch) {
      runInOneTransaction(List.of(pending));
    }
  }

  /** While no saves come: forces the file when it is due (H2FileCommits#forceDue); a failure waits for a save. */
  private void forceIfDue() {
    if (durable == null || !durable.forceDue()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      durable.checkpoint(connection);
    } catch (SQLException | RuntimeException e) {
      // The next batch's checkpoint hears of it, and fails its saves.
    }
  }

  /** On PostgreSQL: a batch of one as on its own, several in one statement; throws no Exception. */
  private void runOnPostgres(List<Pending<?>> batch) {
    if (batch.size() == 1) {
      runAlone(batch.get(0));
    } else {
      runInOneStatement(batch);
    }
  }

  /** One save by its own work, committed by it, and answered. */
  private void runAlone(Pending<?> pending) {
    try (Connection connection = dataSource.getConnection()) {
      pending.run(connection);
    } catch (SQLException | RuntimeException e) {
      pending.failed = e;
    }
    pending.complete();
  }

  /**
   * On PostgreSQL: the batch's customers in one statement, committed with it; a save whose email is taken hears
   * {@link EmailTaken}. When the statement fails, each save is run on its own (its own failure then its answer),
   * unless the connection is lost: then every save of the batch hears it.
   */
  @SuppressWarnings("unchecked")
  private void runInOneStatement(List<Pending<?>> batch) {
    List<Customer> customers = batch.stream().map(pending -> ((CustomerSave) pending.work).customer()).toList();
    try (Connection connection = dataSource.getConnection()) {
      List<Customer> stored;
      if (connection.getAutoCommit()) {
        stored = postgres.insertAll(connection, customers);
      } else {
        // A pool that hands out connections outside auto-commit: committed here, or rolled back whole.
        try {
          stored = postgres.insertAll(connection, customers);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        Pending<Customer> pending = (Pending<Customer>) batch.get(i);
        if (stored.get(i) == null) {
          pending.failed = new EmailTaken();
        } else {
          pending.value = stored.get(i);
        }
        pending.complete();
      }
      return;
    } catch (SQLException | RuntimeException e) {
      if (SqlErrors.unavailableOr(e) instanceof StorageUnavailableException) {
        batch.forEach(pending -> pending.fail(e));
        return;
      }
    }
    batch.forEach(this::runAlone);
  }

  /** Runs each save under a savepoint and commits; null when committed, else what broke the transaction. */
  private static Exception runAndCommit(Connection connection, List<Pending<?>> batch) {
    try {
      connection.setAutoCommit(false);
      for (Pending<?> pending : batch) {
        Savepoint savepoint = connection.setSavepoint();
        try {
          pending.run(connection);
        } catch (SQLException | RuntimeException e) {
          rollBackTo(connection, savepoint, e);
          pending.failed = e;
        }
      }
      connection.commit();
      connection.setAutoCommit(true);
      return null;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
        connection.setAutoCommit(true);
      } catch (SQLException | RuntimeException ignored) {
        // The pool discards a connection it cannot reset.
      }
      batch.forEach(Pending::forget);
      return e;
    }
  }

  /**
   * Undoes one save's statements; when the transaction is gone (H2 rolls back a deadlock's victim whole, a lost
   * connection), throws what the save threw, as what broke the batch.
   */
  private static void rollBackTo(Connection connection, Savepoint savepoint, Exception failed) throws SQLException {
    try {
      connection.rollback(savepoint);
    } catch (SQLException | RuntimeException e) {
      failed.addSuppressed(e);
      if (failed instanceof SQLException sql) {
        throw sql;
      }
      throw (RuntimeException) failed;
    }
  }

  /**
   * Stops taking saves, lets the writer answer those queued, and fails with StorageUnavailableException any it
   * has not answered within a bound (a database that hangs).
   */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(closeWaitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      // Answered before the interrupt: woken, the hung save would otherwise fail first with whatever the
      // interrupt made of it.
      StorageUnavailableException closing = new StorageUnavailableException(
          "The customer repository was closed before the save was stored", null);
      running.forEach(pending -> pending.fail(closing));
      List<Pending<?>> left = new ArrayList<>();
      queue.drainTo(left);
      left.forEach(pending -> pending.fail(closing));
      writer.interrupt();
    }
  }

  /** A save waiting for its batch: its work, and once run, its value or its own failure. */
  private static final class Pending<T> {
    private final Work<T> work;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private T value;
    private Exception failed;

    Pending(Work<T> work) {
      this.work = work;
    }

    void run(Connection connection) throws SQLException {
      value = work.apply(connection);
    }

    /** The transaction was rolled back whole: what the save had answered no longer holds. */
    void forget() {
      value = null;
      failed = null;
    }

    /** Once its transaction is in the file. */
    void complete() {
      if (failed != null) {
        outcome.completeExceptionally(failed);
      } else {
        outcome.complete(value);
      }
    }

    void fail(Throwable e) {
      outcome.completeExceptionally(e);
    }

    /** Waits, uninterruptibly: a save in a batch cannot be called back, and its caller must hear how it ended. */
    T awaitAnswer() throws SQLException {
      try {
        return outcome.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql) {
          throw sql;
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }
  }
}
