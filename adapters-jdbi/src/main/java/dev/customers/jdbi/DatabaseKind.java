package dev.customers.jdbi;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of database a JDBC URL names, read once and case-insensitively: the one place that reads a URL's kind.
 *
 * <pre>{@code
 * jdbc:h2:mem:customers                   H2_MEMORY              rows as objects in this JVM's heap
 * jdbc:h2:memFS:customers (memLZF:, ...)  H2_MEMORY_FILE_SYSTEM  pages serialized in this JVM's heap
 * jdbc:h2:file:./data/customers, ./data   H2_FILE                a file this process opens and locks
 * jdbc:h2:tcp://host/db, jdbc:h2:ssl:...  H2_SERVER              a database in an H2 server's process
 * jdbc:postgresql://host:5432/db          POSTGRESQL
 * }</pre>
 */
public enum DatabaseKind {
  H2_MEMORY,
  H2_MEMORY_FILE_SYSTEM,
  H2_FILE,
  H2_SERVER,
  POSTGRESQL;

  private static final String H2 = "jdbc:h2:";
  private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

  /** The kind of database {@code jdbcUrl} names, or empty when it is neither H2 nor PostgreSQL. */
  public static Optional<DatabaseKind> of(String jdbcUrl) {
    String url = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    if (url.startsWith(POSTGRESQL_PREFIX)) {
      return Optional.of(POSTGRESQL);
    }
    if (!url.startsWith(H2)) {
      return Optional.empty();
    }
    String name = url.substring(H2.length());
    if (name.startsWith("mem:")) {
      return Optional.of(H2_MEMORY);
    }
    if (name.startsWith("memfs:") || name.startsWith("memlzf:") || name.startsWith("niomemfs:")
        || name.startsWith("niomemlzf:")) {
      return Optional.of(H2_MEMORY_FILE_SYSTEM);
    }
    return Optional.of(name.startsWith("tcp:") || name.startsWith("ssl:") ? H2_SERVER : H2_FILE);
  }

  public boolean isH2() {
    return this != POSTGRESQL;
  }

  Dialect dialect() {
    return isH2() ? Dialect.H2 : Dialect.POSTGRESQL;
  }
}
