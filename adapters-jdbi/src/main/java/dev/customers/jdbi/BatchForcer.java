package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * With {@code POWER_LOSS} on an H2 file: the fsync of committed batches, off the writer. The writer commits a batch
 * (H2 has stored it) and hands it here, then runs the next while this thread asks for {@code CHECKPOINT SYNC}; one
 * fsync answers every batch handed over before it began. A batch is answered only after a force that began once
 * its commit had returned. At most {@link #MAX_WAITING} batches wait: the writer then waits, as it would for the
 * fsync itself.
 */
final class BatchForcer implements AutoCloseable {

  /** A committed batch: how to answer its saves once it is on the disk, or fail them. */
  private record Committed(Runnable answer, Consumer<Throwable> fail) {}

  private static final int MAX_WAITING = 4;
  private static final long POLL_MILLIS = 100;
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final DataSource dataSource;
  private final H2FileCommits durable;
  private final BlockingQueue<Committed> committed = new ArrayBlockingQueue<>(MAX_WAITING);
  private final Thread thread;
  private volatile boolean closed;

  BatchForcer(DataSource dataSource, H2FileCommits durable) {
    this.dataSource = dataSource;
    this.durable = durable;
    this.thread = new Thread(this::force, "customers-h2-fsync");
    thread.setDaemon(true);
    thread.start();
  }

  /** Answers the batch with {@code answer} once it is on the disk, or fails it with {@code fail}. */
  void afterCommit(Runnable answer, Consumer<Throwable> fail) {
    Committed batch = new Committed(answer, fail);
    try {
      while (!committed.offer(batch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          fail.accept(stopped());
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail.accept(e);
      return;
    }
    if (!thread.isAlive() && committed.remove(batch)) {
      fail.accept(stopped());
    }
  }

  private static StorageUnavailableException stopped() {
    return new StorageUnavailableException("The customer repository was closed before the save was on the disk", null);
  }

  private void force() {
    List<Committed> batches = new ArrayList<>();
    while (true) {
      Committed first;
      try {
        first = committed.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (closed) {
          break;
        }
        continue;
      }
      batches.add(first);
      committed.drainTo(batches);
      try (Connection connection = dataSource.getConnection()) {
        durable.checkpoint(connection);
        batches.forEach(batch -> batch.answer().run());
      } catch (Throwable e) {
        // An Error too: the saves must hear that they are not known to be on the disk.
        batches.forEach(batch -> batch.fail().accept(e));
      }
      batches.clear();
    }
  }

  /** After the writer has stopped: forces and answers what is left, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    List<Committed> left = new ArrayList<>();
    committed.drainTo(left);
    left.forEach(batch -> batch.fail().accept(stopped()));
  }
}
