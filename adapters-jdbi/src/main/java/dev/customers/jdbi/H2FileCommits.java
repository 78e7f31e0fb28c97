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
 * answered saves. On an embedded file the WRITE_DELAY is therefore 0: every commit is written to the file before
 * it returns. That also stops H2's background writer, which is what rewrites half-empty chunks (and moves chunks
 * to shrink the file, forcing the file to the disk four times under the store's lock: 40 to 160 ms in which no
 * commit can be stored, once a second under load). So {@link #compactSome} does the rewriting instead, a slice at
 * a time on the writer thread between batches, and each store frees the chunks left empty (RETENTION_TIME 0 reuses
 * their space at once); the file then stays at 1 to 3 KB per customer and shrinks when the database closes.
 * {@link #afterCommit} waits for a store that another thread began. With {@code sync} the file is also forced to
 * the disk, which a power loss needs. The page cache is kept small (CACHE_SIZE): pages passing through a large
 * one live long enough to reach the old generation and cost full collections under load (docs/performance.md).
 *
 * <p>Over the network (jdbc:h2:tcp:) the H2 server's process owns the store: there the background writer keeps
 * running (WRITE_DELAY 500, housekeeping included) and {@link #afterCommit} asks for a CHECKPOINT.
 *
 * <p>H2 2.5.x does not recover such a file correctly once freed space is reused (its chunk header can name the
 * chunk before the newest one); see docs/storage.md: the project stays on 2.4.x.
 */
final class H2FileCommits {

  /** Database-wide. H2 does not keep WRITE_DELAY across a reopen, so every new connection sets them. */
  private static final String EMBEDDED_SETTINGS = "set write_delay 0; set retention_time 0; set cache_size 2048";
  private static final String REMOTE_SETTINGS = "set write_delay 500; set retention_time 0";
  /** A slice of compaction at most this often, rewriting at most this many bytes of live pages. */
  private static final long COMPACT_EVERY_NANOS = 100_000_000L;
  private static final int COMPACT_BYTES = 512 * 1024;
  /** Chunks are rewritten while fewer than this percentage of their bytes are live. */
  private static final int COMPACT_BELOW_FILL_RATE = 75;

  private final boolean sync;
  /** Commits whose writes are in the file, counted; and how many of them a finished fsync covers. */
  private final AtomicLong written = new AtomicLong();
  private final Object syncLock = new Object();
  private long synced;
  /** The embedded store, once a commit has found it; null over the network. */
  private volatile MVStore embedded;
  private long lastCompaction = System.nanoTime();

  H2FileCommits(boolean sync) {
    this.sync = sync;
  }

  /** What every connection to the file sets; {@code jdbcUrl} tells an embedded file from one in an H2 server. */
  static String settings(String jdbcUrl) {
    return JdbcUrls.isH2Remote(jdbcUrl) ? REMOTE_SETTINGS : EMBEDDED_SETTINGS;
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
    embedded = store;
    // What CHECKPOINT does, without the SQL: store what is not yet in the file, and wait for it. A store writes in
    // the order stores began, so waiting for this one waits for any another thread began before it.
    if (store.commit() < 0) {
      // Nothing left to store: the commit itself (WRITE_DELAY 0) or another thread's took it into a store, which
      // may still be on its way to the file.
      store.executeFilestoreOperation(() -> {});
    }
    if (sync) {
      syncCovering(written.incrementAndGet(), store);
    }
  }

  /**
   * Rewrites the live pages of the emptiest chunks, up to {@link #COMPACT_BYTES}, when it is time to and the chunks
   * are less full than {@link #COMPACT_BELOW_FILL_RATE}; the next commit stores them, and the chunks they leave
   * empty are freed. Meant for one thread (the writer's) between batches; a failure here fails no save, and the next
   * commit would hear of a broken store itself.
   */
  void compactSome() {
    MVStore store = embedded;
    long now = System.nanoTime();
    if (store == null || now - lastCompaction < COMPACT_EVERY_NANOS) {
      return;
    }
    lastCompaction = now;
    try {
      store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_BYTES);
    } catch (RuntimeException ignored) {
      // Closed meanwhile, or interrupted waiting for the store's lock: the next slice tries again.
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
