package dev.customers.jdbi.h2;

import dev.customers.jdbi.DatabaseKind;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * How a save on an H2 file is made durable, by H2: {@code WRITE_DELAY 0} on every connection, then after each
 * batch's commit (and before a claim hands an event on) {@code CHECKPOINT}, {@code CHECKPOINT SYNC} with
 * {@link Durability#POWER_LOSS}; a forced file at least once a second ({@link #forceDue}) and a compaction slice
 * between batches ({@link #compactSome}). Why each: docs/storage.md, "What an H2 file guarantees". Never opens the
 * database file itself: on Linux closing any descriptor of a file drops every lock the process holds on it.
 */
public final class H2FileCommits {

  private static final String SETTINGS = "set write_delay 0; set retention_time %d; set cache_size 2048";
  /** In an H2 server its own background writer runs; the checkpoints store what a batch committed. */
  private static final String REMOTE_SETTINGS = "set write_delay 500";
  private static final long FORCE_EVERY_NANOS = 1_000_000_000L;
  /** A slice of compaction at most this often, rewriting at most this many bytes of live pages. */
  private static final long COMPACT_EVERY_NANOS = 100_000_000L;
  private static final int COMPACT_BYTES = 512 * 1024;
  /** Chunks are rewritten while fewer than this percentage of their bytes are live. */
  private static final int COMPACT_BELOW_FILL_RATE = 75;
  /** H2's error when a statement needs admin rights: CHECKPOINT does. */
  private static final int ADMIN_RIGHTS_REQUIRED = 90040;

  private final String checkpoint;
  private final boolean force;
  /** The database's path as H2 names it (without {@code .mv.db}); null over the network. */
  private final String file;
  private volatile long lastForce = System.nanoTime();
  private long lastCompaction = System.nanoTime();

  private H2FileCommits(Durability durability, String file) {
    this.force = durability == Durability.POWER_LOSS;
    this.checkpoint = force ? "checkpoint sync" : "checkpoint";
    this.file = file;
  }

  /** What every connection to an H2 file, or to a database in an H2 server, sets. */
  public static String settings(DatabaseKind kind, Durability durability) {
    if (kind == DatabaseKind.H2_SERVER) {
      return REMOTE_SETTINGS;
    }
    return SETTINGS.formatted(durability == Durability.POWER_LOSS ? 5000 : 0);
  }

  /** Refused when the user may not ask for checkpoints; {@code file}: {@link #databasePath}, null in a server. */
  public static H2FileCommits open(Connection connection, Durability durability, String where, String file)
      throws SQLException {
    H2FileCommits commits = new H2FileCommits(durability, file);
    try {
      commits.checkpoint(connection);
      if (file != null && commits.force) {
        forceDirectoryOf(Path.of(file + ".mv.db"));
      }
      return commits;
    } catch (SQLException e) {
      if (e.getErrorCode() == ADMIN_RIGHTS_REQUIRED) {
        throw new IllegalStateException("The H2 user of " + where + " must be an admin: a save on an H2 file "
            + "is made durable by CHECKPOINT, which H2 allows only to admins.", e);
      }
      throw e;
    } catch (IOException e) {
      throw new SQLException("The folder of the H2 file " + file + " cannot be forced to the disk: "
          + e.getMessage(), "58030", e);
    }
  }

  /** After a batch's commit, or a claim of events: then they are in the file (or on disk). */
  public void checkpoint(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(checkpoint);
    }
    lastForce = System.nanoTime();
  }

  /** While no saves come: with {@code POWER_LOSS}, whether the file is due to be forced ({@link #checkpoint}). */
  public boolean forceDue() {
    return force && System.nanoTime() - lastForce >= FORCE_EVERY_NANOS;
  }

  /**
   * When it is time to, rewrites some live pages of chunks less full than {@link #COMPACT_BELOW_FILL_RATE}; the next
   * store writes them and frees the chunks they leave. Fails no save: the next commit hears of a broken store.
   */
  public void compactSome(Connection connection) {
    long now = System.nanoTime();
    if (file == null || now - lastCompaction < COMPACT_EVERY_NANOS) {
      return;
    }
    lastCompaction = now;
    try {
      embeddedStore(connection).ifPresent(store -> store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_BYTES));
    } catch (SQLException | RuntimeException ignored) {
      // Closed meanwhile, or interrupted waiting for the store's lock: the next slice tries again.
    }
  }

  /** The path H2 gives the database, without {@code .mv.db}. */
  public static String databasePath(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select database_path()")) {
      row.next();
      return row.getString(1);
    }
  }

  /** A new file's name is durable once its folder is: forced once when the repository opens. */
  private static void forceDirectoryOf(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null && Files.isDirectory(folder)) {
      try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }

  /** The engine's store of an embedded database: H2's internals, for {@link #compactSome} only. */
  private static Optional<MVStore> embeddedStore(Connection connection) throws SQLException {
    if (!connection.isWrapperFor(JdbcConnection.class)) {
      return Optional.empty();
    }
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    if (session instanceof SessionLocal local && local.getDatabase().isPersistent()) {
      return Optional.of(local.getDatabase().getStore().getMvStore());
    }
    return Optional.empty();
  }
}
