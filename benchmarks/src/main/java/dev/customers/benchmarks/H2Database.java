package dev.customers.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** A fresh H2 database for one benchmark trial: in memory, or in a file in a new temporary directory. */
final class H2Database implements AutoCloseable {

  static final String MEMORY = "h2-mem";
  static final String FILE = "h2-file";
  /** A file too, for the adapter's {@code Durability.POWER_LOSS}: every save forced to the disk. */
  static final String FILE_SYNC = "h2-file-sync";

  final String url;
  private final Path directory;

  private H2Database(String url, Path directory) {
    this.url = url;
    this.directory = directory;
  }

  /** {@code kind} is {@link #MEMORY} or {@link #FILE}; the URL is the one an embedder would pass, with no tuning. */
  static H2Database fresh(String kind) {
    return switch (kind) {
      case MEMORY -> new H2Database("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null);
      case FILE, FILE_SYNC -> {
        try {
          Path directory = Files.createTempDirectory("customers-bench-");
          yield new H2Database("jdbc:h2:file:" + directory.resolve("customers"), directory);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      default -> throw new IllegalArgumentException("Unknown database kind " + kind);
    };
  }

  /**
   * Makes H2 write each commit to the file before the commit returns, the plain way (WRITE_DELAY 0, which the
   * adapter used before it kept H2's background writer for a bounded file), and checks that it took: a baseline
   * that left commits in memory for half a second would not be one a durable create can be held to.
   */
  static void writeEachCommit(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("set write_delay 0");
      // H2 lists both the setting kept in the file and the one in effect.
      try (ResultSet setting = statement.executeQuery(
          "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")) {
        while (setting.next()) {
          if (!setting.getString(1).equals("0")) {
            throw new IllegalStateException("H2 still delays writing commits: the baseline would not be durable");
          }
        }
      }
    }
  }

  @Override
  public void close() {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
