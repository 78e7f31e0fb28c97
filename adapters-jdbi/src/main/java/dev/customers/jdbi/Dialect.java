package dev.customers.jdbi;

import java.util.Arrays;
import java.util.Optional;

/** The databases the repository runs on, and what is each one's own: migrations and part of the SQL. */
enum Dialect {
  // Without FORMAT JSON, H2 would store the text as one JSON string instead of parsing it.
  H2("H2", "classpath:dev/customers/jdbi/migration/h2", false, "? format json"),
  POSTGRESQL("PostgreSQL", "classpath:dev/customers/jdbi/migration/postgresql", true, "cast(? as jsonb)");

  /** In a package of ours, not Flyway's default {@code db/migration}, which a host's own Flyway scans. */
  static final String COMMON_MIGRATIONS = "classpath:dev/customers/jdbi/migration/common";

  /** As {@link java.sql.DatabaseMetaData#getDatabaseProductName()} tells it. */
  final String productName;
  final String migrations;
  /** Whether a failed migration is rolled back whole; H2 commits each DDL statement at once. */
  final boolean rollsBackDdl;
  /** The SQL of a parameter that takes JSON text into a JSON column. */
  final String jsonParameter;

  Dialect(String productName, String migrations, boolean rollsBackDdl, String jsonParameter) {
    this.productName = productName;
    this.migrations = migrations;
    this.rollsBackDdl = rollsBackDdl;
    this.jsonParameter = jsonParameter;
  }

  static Optional<Dialect> ofProductName(String productName) {
    return Arrays.stream(values()).filter(dialect -> dialect.productName.equals(productName)).findFirst();
  }
}
