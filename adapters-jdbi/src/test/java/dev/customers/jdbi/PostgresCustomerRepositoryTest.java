package dev.customers.jdbi;

import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresCustomerRepositoryTest extends JdbiRepositoryContract {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @Override
  JdbiCustomerRepository open() {
    return JdbiCustomerRepository.open(postgres.url(), postgres.user(), postgres.password());
  }

  /** jsonb keeps keys in its own order (shorter first). */
  @Override
  public boolean keepsMetadataKeysInOrder() {
    return false;
  }
}
