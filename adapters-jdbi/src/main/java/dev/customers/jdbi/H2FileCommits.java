package dev.customers.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * How a commit on an H2 file is made durable without letting the file grow without bound.
 *
 * <p>H2 writes a commit to its file in the background, up to WRITE_DELAY (500 ms) later, so a kill -9 would lose
 * answered saves. Setting WRITE_DELAY to 0 writes each commit at once but also stops H2's background writer, the
 * only thing that rewrites and frees old chunks: every commit then leaves a new chunk behind for good (docs/storage.md
 * README has the figures). So the writer keeps running (with housekeeping that compacts the file), freed space is
 * reused at once (RETENTION_TIME 0), and {@link #afterCommit} has the commit written to the file before the save
 * returns. With {@code sync} the file is also forced to the disk, which a power loss needs.
 *
 * <p>H2 2.5.x does not recover such a file correctly once freed space is reused (its chunk header can name the
 * chunk before the newest one); see docs/storage.md: the project stays on 2.4.x.
 */
final class H2FileCommits {

  /** Database-wide. H2 does not keep WRITE_DELAY across a reopen, so every new connection sets both. */
  static final String SETTINGS = "set write_delay 500; set retention_time 0";

  private final boolean sync;
  /** Commits whose writes are in the file, counted; and how many of them a finished fsync covers. */
  private final AtomicLong written = new AtomicLong();
  private final Object syncLock = new Object();
  private long synced;

  H2FileCommits(boolean sync) {
    this.sync = sync;
  }

  /** After a commit on this connection: when it returns, the commit is in the file (and, with sync, on disk). */
  void afterCommit(Connection connection) throws SQLException {
    MVStore store = embeddedStore(connection);
    if (store == null) {
      // A database in an H2 server: CHECKPOINT is what a client can ask for.
      try (Statement checkpoint = connection.createStatement()) {
        checkpoint.execute(sync ? "checkpoint sync" : "checkpoint");
      }
      return;
    }
    // What CHECKPOINT does, without the SQL: store what is not yet in the file, and wait for it. A store writes in
    // the order stores began, so waiting for this one waits for any the background writer began before it.
    if (store.commit() < 0) {
      // Nothing left to store: the background writer took this commit into a store it began, and that store may
      // still be on its way to the file.
      store.executeFilestoreOperation(() -> {});
    }
    if (sync) {
      syncCovering(written.incrementAndGet(), store);
    }
  }

  /**
   * Group commit for fsync: one force of the file covers every commit written before it started, so a commit
   * that waited behind another's fsync is often covered by it and needs none of its own.
   */
  private void syncCovering(long commit, MVStore store) {
    synchronized (syncLock) {
      if (synced >= commit) {
        return;
      }
      long upTo = written.get();
      store.sync();
      synced = upTo;
    }
  }

  /** The engine's store of an embedded database; null over a network connection (jdbc:h2:tcp:) or in memory. */
  private static MVStore embeddedStore(Connection connection) throws SQLException {
    if (!connection.isWrapperFor(JdbcConnection.class)) {
      return null;
    }
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    if (session instanceof SessionLocal local && local.getDatabase().isPersistent()) {
      return local.getDatabase().getStore().getMvStore();
    }
    return null;
  }
}
