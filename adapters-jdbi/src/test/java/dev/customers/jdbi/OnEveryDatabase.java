package dev.customers.jdbi;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The setup of tests run on each {@link DatabaseUnderTest}: PostgreSQL for the class, a folder for H2 files. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
abstract class OnEveryDatabase {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @TempDir
  Path files;
}
