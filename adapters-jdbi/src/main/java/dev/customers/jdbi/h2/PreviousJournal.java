package dev.customers.jdbi.h2;

import dev.customers.domain.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The redo journal an earlier release kept beside an H2 file ({@code <name>.journal-0}, {@code -1}); only one killed
 * while saving left records in it. Empty files are deleted; a journal with records is refused, saying what to do.
 */
public final class PreviousJournal {

  private PreviousJournal() {}

  /** {@code databasePath}: H2's DATABASE_PATH() ({@link H2FileCommits#databasePath}), without {@code .mv.db}. */
  public static void removeOrRefuse(String databasePath) {
    try {
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
    } catch (IOException e) {
      throw new StorageUnavailableException("The journal of the release before beside the H2 file "
          + databasePath + ".mv.db cannot be read or removed: " + e.getMessage(), e);
    }
  }
}
