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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A save that returned is in the file or its journal, as a kill -9 right after it would leave them: the test copies
 * the file of the open database and its journal, which is what a crashed process leaves behind, opens the copy and
 * reads it.
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

  /** With {@code POWER_LOSS} each batch's record is forced to the disk: the same journal, the same replay. */
  @Test
  void a_returned_save_is_already_in_the_file_with_power_loss_durability() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "",
        JdbiCustomerRepository.Durability.POWER_LOSS)) {
      Customer saved = saved(repository.save(aCustomer().build()));

      assertInTheFileOf("customers", saved);
    }
  }

  /**
   * A write that is no save (a host's own table here; an event's delivery, housekeeping) has no journal record: the
   * checkpoint, once a second with or without saves, stores it. The copy is opened without replay.
   */
  @Test
  void a_write_that_is_no_save_reaches_the_file_within_seconds() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "");
        Connection host = DriverManager.getConnection(url("customers"), "sa", "")) {
      host.createStatement().execute("create table host_notes (note varchar)");
      host.createStatement().execute("insert into host_notes values ('kept')");

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean found = false;
      for (int copy = 0; !found; copy++) {
        assertThat(System.nanoTime()).as("the note in the file within 10 s").isLessThan(deadline);
        Thread.sleep(200);
        Files.copy(directory.resolve("customers.mv.db"), directory.resolve("copy" + copy + ".mv.db"));
        try (Connection copied = DriverManager.getConnection(url("copy" + copy), "sa", "");
            ResultSet tables = copied.getMetaData().getTables(null, null, "HOST_NOTES", null)) {
          if (tables.next()) {
            ResultSet note = copied.createStatement().executeQuery("select note from host_notes");
            found = note.next() && "kept".equals(note.getString(1));
          }
        }
      }
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

  /**
   * With the journal, H2's own writer stores only what a minute left behind (the checkpoints store once a second),
   * freed space is reused at once, and the page cache is 16 MB.
   */
  @Test
  void h2_stores_late_on_its_own_freed_space_is_reused_and_the_cache_is_16_mb() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "");
        Connection connection = DriverManager.getConnection(url("customers"), "sa", "");
        ResultSet settings = connection.createStatement().executeQuery("select setting_name, setting_value"
            + " from information_schema.settings where setting_name in ('WRITE_DELAY', 'RETENTION_TIME',"
            + " 'CACHE_SIZE')")) {
      Map<String, String> found = new HashMap<>();
      while (settings.next()) {
        found.put(settings.getString(1), settings.getString(2));
      }
      assertThat(found).containsEntry("WRITE_DELAY", "60000").containsEntry("RETENTION_TIME", "0")
          .containsEntry("CACHE_SIZE", "16384");
    }
  }

  /** The H2 server's process keeps its own background writer; an embedded file has the journal's settings. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:h2:file:./data/customers | set write_delay 60000; set retention_time 0; set cache_size 16384",
      "jdbc:h2:./data/customers;MODE=PostgreSQL | set write_delay 60000; set retention_time 0; set cache_size 16384",
      "jdbc:h2:tcp://db/customers | set write_delay 500; set retention_time 0",
      "JDBC:H2:SSL://db/customers | set write_delay 500; set retention_time 0",
  })
  void an_h2_file_is_set_up_by_where_it_lives(String url, String settings) {
    assertThat(H2FileCommits.settings(url)).isEqualTo(settings);
  }

  /**
   * Without H2's background writer nothing else rewrites half-empty chunks: the repository's writer does, between
   * batches. Saved one at a time, each commit writes a chunk of its own of 20 KB or more; without the rewriting
   * the file would keep them all.
   */
  @Test
  void the_file_stays_a_few_kilobytes_per_customer_while_saves_come_one_at_a_time() throws Exception {
    int customers = 3_000;
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "")) {
      for (int i = 0; i < customers; i++) {
        saved(repository.save(aCustomer().build()));
      }
      long bytesPerCustomer = Files.size(directory.resolve("customers.mv.db")) / customers;

      assertThat(bytesPerCustomer).as("bytes of the open file per customer").isLessThan(5_000);
    }
  }

  private String url(String name) {
    return "jdbc:h2:file:" + directory.resolve(name);
  }

  /**
   * Copies the file of the open database and its journal, as a crashed process leaves them, opens the copy (which
   * writes again what the journal kept and the file lost), and looks for the customer there.
   */
  private void assertInTheFileOf(String name, Customer saved) throws Exception {
    Files.copy(directory.resolve(name + ".mv.db"), directory.resolve("crashed.mv.db"));
    for (int file = 0; file < 2; file++) {
      Path journal = H2Journal.file(directory.resolve(name + ".mv.db"), file);
      if (Files.exists(journal)) {
        Files.copy(journal, H2Journal.file(directory.resolve("crashed.mv.db"), file));
      }
    }
    JdbiCustomerRepository.open(url("crashed"), "sa", "").close();
    try (Connection crashed = DriverManager.getConnection(url("crashed"), "sa", "");
        ResultSet row = crashed.createStatement().executeQuery(
            "select email, (select count(*) from customers.addresses where customer_id = c.id),"
                + " cardinality(c.tags)"
                + " from customers.customers c where id = " + saved.id().orElseThrow().value())) {
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
