package dev.customers.jdbi;

import dev.customers.domain.StorageUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The redo journal the release before this one kept beside an H2 file ({@code <name>.journal-0} and {@code -1}).
 * That release emptied both files when it closed the database; only one killed while saving left records in them,
 * saves the file may lack. Empty files are deleted; a journal with records is refused with what to do, rather than
 * read: starting that release once on the file writes them into it and empties the journal.
 */
final class PreviousJournal {

  private PreviousJournal() {}

  /** Checks beside the H2 file that {@code dataSource} reaches ({@code where}: its URL, for messages). */
  static void removeOrRefuse(DataSource dataSource, String where) {
    if (JdbcUrls.isH2Remote(where)) {
      return;
    }
    String databasePath;
    try (Connection connection = dataSource.getConnection()) {
      databasePath = H2FileCommits.databasePath(connection);
    } catch (SQLException e) {
      throw SqlErrors.unavailableOr(e);
    }
    try {
      removeOrRefuse(databasePath);
    } catch (IOException e) {
      throw new StorageUnavailableException("The journal of the release before beside the H2 file "
          + databasePath + ".mv.db cannot be read or removed: " + e.getMessage(), e);
    }
  }

  /** {@code databasePath}: H2's DATABASE_PATH(), the file's name without {@code .mv.db}. */
  private static void removeOrRefuse(String databasePath) throws IOException {
    for (int index = 0; index < 2; index++) {
      Path journal = Path.of(databasePath + ".journal-" + index);
      if (Files.exists(journal) && Files.size(journal) > 0) {
        throw new IllegalStateException("The H2 file " + databasePath + ".mv.db has a journal of the release "
            + "before this one, " + journal + " (" + Files.size(journal) + " bytes), with saves the file may lack: "
            + "that release was stopped without closing the database. Start that release once on this file and "
            + "stop it (it writes them into the file and empties its journal), then start this one.");
      }
    }
    for (int index = 0; index < 2; index++) {
      Files.deleteIfExists(Path.of(databasePath + ".journal-" + index));
    }
  }
}
