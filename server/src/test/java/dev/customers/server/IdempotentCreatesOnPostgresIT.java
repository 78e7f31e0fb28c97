package dev.customers.server;

import dev.customers.jdbi.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The safe-retries contract on PostgreSQL (the tests' server, see {@link TestPostgres}). */
class IdempotentCreatesOnPostgresIT extends IdempotentCreatesTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @Override
  String url() {
    return postgres.url();
  }

  @Override
  String user() {
    return postgres.user();
  }

  @Override
  String password() {
    return postgres.password();
  }

  /** PostgreSQL has a second insert of a held key wait until the first transaction ends (no lock_timeout set). */
  @Override
  boolean givesUpOnAHeldKey() {
    return false;
  }
}
