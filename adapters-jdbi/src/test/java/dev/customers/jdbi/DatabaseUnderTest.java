package dev.customers.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.UUID;

/** The kinds of database an upgrade must work on: H2 in memory, H2 in a file (as most embedders have), PostgreSQL. */
enum DatabaseUnderTest {
  H2_IN_MEMORY(Dialect.H2), H2_IN_A_FILE(Dialect.H2), POSTGRESQL(Dialect.POSTGRESQL);

  final Dialect dialect;

  DatabaseUnderTest(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The URL of a new, empty database of this kind; a file goes into {@code files}. */
  String newUrl(Path files, TestPostgres postgres) {
    return switch (this) {
      case H2_IN_MEMORY -> "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      case H2_IN_A_FILE -> "jdbc:h2:file:" + files.resolve("customers-" + UUID.randomUUID());
      case POSTGRESQL -> postgres.urlOfNewDatabase();
    };
  }

  HikariDataSource pool(String url, TestPostgres postgres) {
    return dialect == Dialect.H2
        ? TestDatabases.pool(url, "sa", "")
        : TestDatabases.pool(url, postgres.user(), postgres.password());
  }
}
