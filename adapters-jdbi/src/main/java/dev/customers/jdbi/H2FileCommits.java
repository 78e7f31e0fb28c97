package dev.customers.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * How a commit on an H2 file is made durable without letting the file grow without bound.
 *
 * <p>H2 writes a commit to its file in the background, later (WRITE_DELAY), so a kill -9 would lose answered
 * saves. On an embedded file the saves of each batch are therefore appended to an {@link H2Journal} before they are
 * answered ({@link #afterCommit(Connection, List)}), and once a second a checkpoint thread switches the journal to
 * its other file, stores the database and empties the file whose saves that store covers; {@link #openJournal}
 * writes again, when the database opens, what the journal kept and the file lost. The checkpoint also stores what
 * other writes (event deliveries, housekeeping, a host's own tables) left, so they reach the file within about a
 * second, and rewrites the live pages of the emptiest chunks, a slice at a time; each store frees the chunks left
 * empty (RETENTION_TIME 0 reuses their space at once): the file stays at 1 to 3 KB per customer and shrinks when
 * the database closes. With {@code sync} the journal is forced to the disk after each record, and the file at each
 * checkpoint, which a power loss needs.
 *
 * <p>Without a journal every commit of a batch is stored before it returns ({@link #afterCommit(Connection)}), and
 * {@link #compactSome} rewrites chunks on the writer thread between batches: with
 * {@code -Dcustomers.h2.journal=false}, and for a file the journal is not written beside: one whose journal another
 * repository holds (the checkpoint thread then only stores), one encrypted ({@code CIPHER} in its URL: the journal
 * would keep in plain text what the cipher hides) or one in another of H2's file systems on the disk
 * ({@code split:}, {@code zip:}, ...; those in memory, {@code memFS:} and the like, are not files to make durable,
 * {@link Database#isH2InMemoryFileSystem}). With the journal off the WRITE_DELAY is 0, which also stops H2's
 * background writer, whose rewriting of chunks forced the file to the disk four times under the store's lock: 40 to
 * 160 ms in which no commit could be stored.
 *
 * <p>Over the network (jdbc:h2:tcp:) the H2 server's process owns the store: there the background writer keeps
 * running (WRITE_DELAY 500, housekeeping included) and {@link #afterCommit(Connection)} asks for a CHECKPOINT.
 *
 * <p>H2 2.5.x does not recover such a file correctly once freed space is reused (its chunk header can name the
 * chunk before the newest one); see docs/storage.md: the project stays on 2.4.x.
 */
final class H2FileCommits {

  /** Database-wide. H2 does not keep WRITE_DELAY across a reopen, so every new connection sets them. */
  private static final String EMBEDDED_SETTINGS = "set write_delay 0; set retention_time 0; set cache_size 2048";
  /**
   * With the journal: H2 stores on its own only after a minute (the checkpoints store once a second), and the page
   * cache is 16 MB (with the store off the writer it makes creates faster; docs/performance.md).
   */
  private static final String JOURNAL_SETTINGS =
      "set write_delay 60000; set retention_time 0; set cache_size 16384";
  /** Whether an embedded file is made durable by the journal ({@code -Dcustomers.h2.journal=false}: by stores). */
  static final boolean JOURNAL = !"false".equals(System.getProperty("customers.h2.journal"));
  private static final long CHECKPOINT_EVERY_MILLIS = 1_000;
  /** H2's file systems that are files on the disk as they are named; a file in another gets no journal. */
  private static final Pattern PLAIN_FILE_SYSTEM = Pattern.compile("^(file|nio|nioMapped|async|retry):");
  private static final Pattern ANY_FILE_SYSTEM = Pattern.compile("^[A-Za-z][A-Za-z0-9]+:");
  private static final byte[] ENCRYPTED = "H2encrypt".getBytes(StandardCharsets.ISO_8859_1);
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
  /** Null without a journal. */
  private volatile H2Journal journal;
  /** Null over the network and with the journal off. */
  private ScheduledExecutorService checkpoints;
  /**
   * Held by the writer for each batch's transaction and its journal record, by a checkpoint while it switches files
   * and stores, and waited for by a claim of events ({@link #afterClaim}): a store taken while the writer commits
   * kept part of a committed batch once (H2CrashRecoveryTest found customers without their addresses after a kill;
   * {@link JournalReplay} writes the missing parts of a save in any case), and the journal's appends and switches
   * take turns under it.
   */
  final ReentrantLock transactions = new ReentrantLock();

  H2FileCommits(boolean sync) {
    this.sync = sync;
  }

  /** What every connection to the file sets; {@code jdbcUrl} tells an embedded file from one in an H2 server. */
  static String settings(String jdbcUrl) {
    return JdbcUrls.isH2Remote(jdbcUrl) ? REMOTE_SETTINGS : JOURNAL ? JOURNAL_SETTINGS : EMBEDDED_SETTINGS;
  }

  /**
   * Opens the journal of the embedded file this connection is on and writes again what it kept and the file lost;
   * answers how many saves that was. Without a journal (off, over the network, a file that gets none, or a journal
   * another repository holds) every batch is stored instead, and this answers 0. Then starts the checkpoints.
   */
  int openJournal(Connection connection, JournalReplay replay) throws SQLException {
    MVStore store = embeddedStore(connection);
    if (!JOURNAL || store == null) {
      return 0;
    }
    embedded = store;
    int replayed = 0;
    try {
      Optional<Path> file = journalFile(store.getFileStore().getFileName());
      H2Journal opened = file.isPresent() ? H2Journal.open(file.get(), sync).orElse(null) : null;
      if (opened != null) {
        try {
          for (H2Journal.Entry entry : opened.recorded()) {
            replayed += replay.replay(connection, JournaledSave.decode(entry.payload()));
          }
          storeAndWait(store);
          store.sync();
          opened.clearAll();
        } catch (SQLException | IOException | RuntimeException e) {
          opened.close();
          throw e;
        }
        journal = opened;
      }
    } catch (IOException e) {
      throw new SQLException("The journal of the H2 file cannot be read or written", "58030", e);
    }
    // With or without the journal: H2 itself stores only after WRITE_DELAY (a minute).
    checkpoints = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "customers-h2-checkpoint");
      thread.setDaemon(true);
      return thread;
    });
    checkpoints.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_EVERY_MILLIS, CHECKPOINT_EVERY_MILLIS,
        TimeUnit.MILLISECONDS);
    return replayed;
  }

  /**
   * Where the journal of the file H2 names {@code fileName} goes: beside it, as {@code <name>.journal-0} and
   * {@code -1}; none for a file in another of H2's file systems than the disk's, or an encrypted one (H2 begins
   * those with {@code H2encrypt}).
   */
  static Optional<Path> journalFile(String fileName) throws IOException {
    String file = fileName;
    while (PLAIN_FILE_SYSTEM.matcher(file).find()) {
      file = PLAIN_FILE_SYSTEM.matcher(file).replaceFirst("");
    }
    if (ANY_FILE_SYSTEM.matcher(file).find()) {
      return Optional.empty();
    }
    Path path = Path.of(file);
    if (Files.exists(path)) {
      byte[] head = new byte[ENCRYPTED.length];
      try (InputStream in = Files.newInputStream(path)) {
        if (in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, ENCRYPTED)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(path);
  }

  /**
   * After the commit of a batch whose saves are {@code saves}: with the journal, when it returns they are in it
   * (with sync, on disk); else the commit is in the file.
   */
  void afterCommit(Connection connection, List<JournaledSave> saves) throws SQLException {
    H2Journal open = journal;
    if (open == null) {
      afterCommit(connection);
      return;
    }
    if (saves.isEmpty()) {
      return;
    }
    try {
      open.append(JournaledSave.encode(saves));
    } catch (IOException e) {
      throw new SQLException("The journal of the H2 file cannot be written", "58030", e);
    }
  }

  /**
   * Once a second: switches the journal to its other file, stores the database, which then holds every save of the
   * file switched from (all committed before the switch), and empties that file; then a slice of compaction. Without
   * a journal it only stores, for the writes that were no batch's.
   */
  private void checkpoint() {
    MVStore store = embedded;
    H2Journal open = journal;
    try {
      int previous = -1;
      transactions.lock();
      try {
        if (open != null) {
          previous = open.switchFiles();
        }
        storeAndWait(store);
      } finally {
        transactions.unlock();
      }
      if (sync) {
        store.sync();
      }
      if (open != null) {
        open.clear(previous);
        compactNow(store);
      }
    } catch (IOException | RuntimeException e) {
      // The file keeps its saves, and the next open writes them again; a store that broke fails later saves.
    }
  }

  /** Before the database closes: ends the checkpoints, stores the database and empties the journal. */
  void closeJournal() {
    if (checkpoints == null) {
      return;
    }
    checkpoints.shutdown();
    H2Journal open = journal;
    try {
      checkpoints.awaitTermination(30, TimeUnit.SECONDS);
      MVStore store = embedded;
      if (open != null && !store.isClosed()) {
        storeAndWait(store);
        store.sync();
        open.clearAll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // Left for the next open to write again.
    } finally {
      journal = null;
      if (open != null) {
        try {
          open.close();
        } catch (IOException ignored) {
          // Released with the process.
        }
      }
    }
  }

  /**
   * After a claim of events on this connection: when it returns, every save whose event the claim may have read is
   * durable, so that no event is handed on whose customer a kill could still take back. With the journal that is
   * a wait for the writer's lock, under which a batch commits and appends its record: once it is free, every batch
   * committed before the claim read is in the journal. Without it, a store, under the same lock, so that it cannot
   * catch a batch half committed.
   */
  void afterClaim(Connection connection) throws SQLException {
    transactions.lock();
    try {
      if (journal == null) {
        afterCommit(connection);
      }
    } finally {
      transactions.unlock();
    }
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
    storeAndWait(store);
    if (sync) {
      syncCovering(written.incrementAndGet(), store);
    }
  }

  /**
   * What CHECKPOINT does, without the SQL: stores what is not yet in the file, and waits for it. A store writes in
   * the order stores began, so waiting for this one waits for any another thread began before it.
   */
  private static void storeAndWait(MVStore store) {
    if (store.commit() < 0) {
      // Nothing left to store: a commit itself (WRITE_DELAY 0) or another thread's took it into a store, which may
      // still be on its way to the file.
      store.executeFilestoreOperation(() -> {});
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
    if (store == null || journal != null || now - lastCompaction < COMPACT_EVERY_NANOS) {
      // With the journal, each checkpoint compacts instead, off the writer.
      return;
    }
    lastCompaction = now;
    compactNow(store);
  }

  private static void compactNow(MVStore store) {
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
