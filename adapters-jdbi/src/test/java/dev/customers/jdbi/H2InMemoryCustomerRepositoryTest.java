package dev.customers.jdbi;

import java.util.UUID;

class H2InMemoryCustomerRepositoryTest extends JdbiRepositoryContract {

  @Override
  JdbiCustomerRepository open() {
    return JdbiCustomerRepository.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }
}
