package dev.customers.jdbi;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2FileCustomerRepositoryTest extends JdbiRepositoryContract {

  @TempDir
  static Path directory;

  @Override
  JdbiCustomerRepository open() {
    return JdbiCustomerRepository.open("jdbc:h2:file:" + directory.resolve("customers"), "sa", "");
  }
}
