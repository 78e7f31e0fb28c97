package dev.customers.jdbi;

import java.util.Arrays;
import java.util.Optional;

/** The databases the repository runs on, and what is each one's own: migrations and part of the SQL. */
enum Dialect {
  H2("H2", "jdbc:h2:", "classpath:db/migration/h2", H2CustomerDao.class, false),
  POSTGRESQL("PostgreSQL", "jdbc:postgresql:", "classpath:db/migration/postgresql", PostgresCustomerDao.class, true);

  static final String COMMON_MIGRATIONS = "classpath:db/migration/common";

  /** As {@link java.sql.DatabaseMetaData#getDatabaseProductName()} tells it. */
  final String productName;
  final String urlPrefix;
  final String migrations;
  final Class<? extends CustomerDao> dao;
  /** Whether a failed migration is rolled back whole; H2 commits each DDL statement at once. */
  final boolean rollsBackDdl;

  Dialect(
      String productName,
      String urlPrefix,
      String migrations,
      Class<? extends CustomerDao> dao,
      boolean rollsBackDdl) {
    this.productName = productName;
    this.urlPrefix = urlPrefix;
    this.migrations = migrations;
    this.dao = dao;
    this.rollsBackDdl = rollsBackDdl;
  }

  static Optional<Dialect> ofUrl(String jdbcUrl) {
    return Arrays.stream(values()).filter(dialect -> jdbcUrl.startsWith(dialect.urlPrefix)).findFirst();
  }

  static Optional<Dialect> ofProductName(String productName) {
    return Arrays.stream(values()).filter(dialect -> dialect.productName.equals(productName)).findFirst();
  }
}
