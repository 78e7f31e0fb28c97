package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that returned is in the file, as a kill -9 right after it would leave it: the test copies the file of the
 * open database, which is what a crashed process leaves behind, and reads the copy.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2FileDurabilityTest {

  @TempDir
  Path directory;

  @Test
  void a_returned_save_is_already_in_the_file() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "")) {
      Customer saved = saved(repository.save(aCustomer().build()));

      assertInTheFileOf("customers", saved);
    }
  }

  /** H2 keeps WRITE_DELAY in the file, yet does not apply it when the file is opened again. */
  @Test
  void a_returned_save_is_already_in_the_file_of_a_reopened_database() throws Exception {
    JdbiCustomerRepository.open(url("customers"), "sa", "").close();

    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "")) {
      Customer saved = saved(repository.save(aCustomer().build()));

      assertInTheFileOf("customers", saved);
    }
  }

  /** The background writer runs (it compacts the file) and freed space is reused at once. */
  @Test
  void the_background_writer_runs_and_freed_space_is_reused_at_once() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "");
        Connection connection = DriverManager.getConnection(url("customers"), "sa", "");
        ResultSet settings = connection.createStatement().executeQuery("select setting_name, setting_value"
            + " from information_schema.settings where setting_name in ('WRITE_DELAY', 'RETENTION_TIME')")) {
      Map<String, String> found = new HashMap<>();
      while (settings.next()) {
        found.put(settings.getString(1), settings.getString(2));
      }
      assertThat(found).containsEntry("WRITE_DELAY", "500").containsEntry("RETENTION_TIME", "0");
    }
  }

  private String url(String name) {
    return "jdbc:h2:file:" + directory.resolve(name);
  }

  /** Copies the file of the open database, as a crashed process leaves it, and looks for the customer there. */
  private void assertInTheFileOf(String name, Customer saved) throws Exception {
    Files.copy(directory.resolve(name + ".mv.db"), directory.resolve("crashed.mv.db"));
    try (Connection crashed = DriverManager.getConnection(url("crashed"), "sa", "");
        ResultSet row = crashed.createStatement().executeQuery(
            "select email, (select count(*) from addresses where customer_id = c.id),"
                + " (select count(*) from tags where customer_id = c.id)"
                + " from customers c where id = " + saved.id().orElseThrow().value())) {
      assertThat(row.next()).as("the customer is in the file").isTrue();
      assertThat(row.getString(1)).isEqualTo(saved.email());
      assertThat(row.getInt(2)).as("addresses").isEqualTo(saved.addresses().size());
      assertThat(row.getInt(3)).as("tags").isEqualTo(saved.tags().size());
    }
  }

  private static Customer saved(SaveResult result) {
    assertThat(result).isInstanceOf(SaveResult.Saved.class);
    return ((SaveResult.Saved) result).customer();
  }
}
