package dev.customers.http.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The safe-retries contract on PostgreSQL (embedded). */
class IdempotentCreatesOnPostgresTest extends IdempotentCreatesTest {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  String url() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  String user() {
    return "postgres";
  }

  @Override
  String password() {
    return "";
  }

  /** PostgreSQL has a second insert of a held key wait until the first transaction ends (no lock_timeout set). */
  @Override
  boolean givesUpOnAHeldKey() {
    return false;
  }
}
