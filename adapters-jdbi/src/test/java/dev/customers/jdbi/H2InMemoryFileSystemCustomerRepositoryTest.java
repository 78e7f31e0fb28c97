package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract on H2 in memory with its pages serialized and compressed: the in-memory URL the docs recommend. */
class H2InMemoryFileSystemCustomerRepositoryTest extends JdbiRepositoryContract {

  private static final String URL = "jdbc:h2:memFS:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;COMPRESS=TRUE";

  @Override
  JdbiCustomerRepository open() {
    return JdbiCustomerRepository.open(URL, "sa", "");
  }

  /** In memory as with mem:, not a file: H2 stores in the background, often, reusing space at once. */
  @Test
  void it_is_kept_in_memory_and_stored_often_in_the_background() throws Exception {
    assertThat(DatabaseKind.of(URL)).contains(DatabaseKind.H2_MEMORY_FILE_SYSTEM);
    List<String> settings = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(URL, "sa", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select setting_name, setting_value from information_schema.settings"
            + " where setting_name in ('WRITE_DELAY', 'RETENTION_TIME')")) {
      while (rows.next()) {
        settings.add(rows.getString(1) + "=" + rows.getString(2));
      }
    }
    assertThat(settings).contains("WRITE_DELAY=100", "RETENTION_TIME=0").doesNotContain("WRITE_DELAY=500");
  }
}
