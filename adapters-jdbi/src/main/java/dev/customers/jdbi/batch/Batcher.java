package dev.customers.jdbi.batch;

import dev.customers.domain.StorageUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: callers queue their saves ({@link #run}); one writer thread hands those waiting (up to
 * {@link #MAX_BATCH}) to the database's {@link Writer}, which answers each as it would have been answered alone.
 */
public final class Batcher<I, O> implements AutoCloseable {

  /** Stores a batch and answers each of its saves ({@link Pending#complete}, {@link Pending#fail}). */
  public interface Writer<I, O> {
    /** Throws no Exception. */
    void write(List<Pending<I, O>> batch);

    /** Between batches, while no saves come. */
    default void idle() {}
  }

  /** One save's statements, or a batch's, on a connection; what it throws fails only that save or batch. */
  @FunctionalInterface
  public interface Work<I, O> {
    O apply(Connection connection, I item) throws SQLException;
  }

  /** Enough to share one store among every request thread of a busy server; a bound on one transaction's size. */
  static final int MAX_BATCH = 64;
  private static final int QUEUE_CAPACITY = 1024;
  /** As long as a save waits for a pooled connection: a writer that far behind is as good as unavailable. */
  private static final long QUEUE_WAIT_MILLIS = 2_000;
  private static final long POLL_MILLIS = 100;
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final Writer<I, O> writer;
  private final BlockingQueue<Pending<I, O>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private volatile boolean closed;
  /** The batch the writer is at, for close() to fail if the writer is stuck. */
  private volatile List<Pending<I, O>> running = List.of();

  /** Starts the writer thread, {@code customers-<database>-writer}. */
  public Batcher(String database, Writer<I, O> writer) {
    this.writer = writer;
    this.thread = new Thread(this::loop, "customers-" + database + "-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code item}; answers once its batch is stored, or throws what the save threw or what broke the batch. */
  public O run(I item) throws SQLException {
    Pending<I, O> pending = new Pending<>(item);
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

  private void loop() {
    List<Pending<I, O>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      Pending<I, O> first;
      try {
        first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (closed && queue.isEmpty()) {
          break;
        }
        writer.idle();
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      running = List.copyOf(batch);
      try {
        writer.write(batch);
      } catch (Throwable e) {
        // An Error (out of memory...) must not end the writer: every later save would wait for ever.
        batch.forEach(pending -> pending.fail(e));
      }
      running = List.of();
      batch.clear();
    }
  }

  /**
   * Stops taking saves, lets the writer answer those queued, and fails with StorageUnavailableException any it has
   * not answered within a bound (a database that hangs), or at once when the closing thread is interrupted; a save
   * after close hears that too.
   */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // Answered before the interrupt, which would otherwise fail the hung save with whatever it made of it.
      StorageUnavailableException closing = new StorageUnavailableException(
          "The customer repository was closed before the save was stored", null);
      running.forEach(pending -> pending.fail(closing));
      List<Pending<I, O>> left = new ArrayList<>();
      queue.drainTo(left);
      left.forEach(pending -> pending.fail(closing));
      thread.interrupt();
    }
  }

  /** A save waiting for its batch: what it saves, then its answer or its failure. */
  public static final class Pending<I, O> {
    private final I item;
    private final CompletableFuture<O> outcome = new CompletableFuture<>();

    Pending(I item) {
      this.item = item;
    }

    public I item() {
      return item;
    }

    /** Once its batch is stored: hands the caller its answer. */
    void complete(O answer) {
      outcome.complete(answer);
    }

    void fail(Throwable e) {
      outcome.completeExceptionally(e);
    }

    /** Waits, uninterruptibly: a save in a batch cannot be called back, and its caller must hear how it ended. */
    private O awaitAnswer() throws SQLException {
      try {
        return outcome.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }
  }
}
