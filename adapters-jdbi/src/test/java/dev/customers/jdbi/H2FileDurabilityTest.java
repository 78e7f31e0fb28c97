package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.jdbi.h2.H2FileCommits;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A save that returned is in the file, as a kill -9 right after it would leave it: the test copies the file of the
 * open database, which is what a crashed process leaves behind, opens the copy and reads it. (What a power cut
 * leaves: {@link H2PowerCutIT}.)
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

  /** With {@code PROCESS_CRASH} H2 stores the commit in the file as well, only without forcing it to the disk. */
  @Test
  void a_returned_save_is_already_in_the_file_with_process_crash_durability() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "",
        JdbiCustomerRepository.Durability.PROCESS_CRASH)) {
      Customer saved = saved(repository.save(aCustomer().build()));

      assertInTheFileOf("customers", saved);
    }
  }

  /** A write that is no save (a host's own table here; an event's delivery, housekeeping) is stored as it commits. */
  @Test
  void a_write_that_is_no_save_is_in_the_file_once_committed() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "");
        Connection host = DriverManager.getConnection(url("customers"), "sa", "")) {
      host.createStatement().execute("create table host_notes (note varchar)");
      host.createStatement().execute("insert into host_notes values ('kept')");

      Files.copy(directory.resolve("customers.mv.db"), directory.resolve("copy.mv.db"));
      try (Connection copied = DriverManager.getConnection(url("copy"), "sa", "");
          ResultSet note = copied.createStatement().executeQuery("select note from host_notes")) {
        assertThat(note.next()).isTrue();
        assertThat(note.getString(1)).isEqualTo("kept");
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
   * H2 stores each commit as it is made, and keeps a chunk it no longer needs for 5 s before it writes over it,
   * which the writer's forcing of the file once a second makes safe for a power cut.
   */
  @Test
  void h2_stores_every_commit_and_keeps_freed_chunks_for_5_seconds() throws Exception {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url("customers"), "sa", "");
        Connection connection = DriverManager.getConnection(url("customers"), "sa", "");
        ResultSet settings = connection.createStatement().executeQuery("select setting_name, setting_value"
            + " from information_schema.settings where setting_name in ('WRITE_DELAY', 'RETENTION_TIME')")) {
      Map<String, String> found = new HashMap<>();
      while (settings.next()) {
        found.put(settings.getString(1), settings.getString(2));
      }
      assertThat(found).containsEntry("WRITE_DELAY", "0").containsEntry("RETENTION_TIME", "5000");
    }
  }

  /** The H2 server's process keeps its own background writer; an embedded file stores each commit. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:h2:file:./data/customers | POWER_LOSS | set write_delay 0; set retention_time 5000; set cache_size 2048",
      "jdbc:h2:./data/customers;MODE=PostgreSQL | PROCESS_CRASH"
          + " | set write_delay 0; set retention_time 0; set cache_size 2048",
      "jdbc:h2:tcp://db/customers | POWER_LOSS | set write_delay 500",
      "JDBC:H2:SSL://db/customers | PROCESS_CRASH | set write_delay 500",
  })
  void an_h2_file_is_set_up_by_where_it_lives(String url, JdbiCustomerRepository.Durability durability,
      String settings) {
    assertThat(H2FileCommits.settings(DatabaseKind.of(url).orElseThrow(), durability)).isEqualTo(settings);
  }

  /**
   * The release before kept a journal beside the file, emptied when it closed the database: empty files are
   * removed; one with records (that release was killed) is refused, saying what to do, rather than lost.
   */
  @Test
  void a_journal_of_the_release_before_is_removed_when_empty_and_refused_when_it_holds_saves() throws Exception {
    JdbiCustomerRepository.open(url("customers"), "sa", "").close();
    Path empty = Files.write(directory.resolve("customers.journal-1"), new byte[0]);
    Path withSaves = Files.write(directory.resolve("customers.journal-0"), new byte[] {0, 0, 0, 42});

    assertThatThrownBy(() -> JdbiCustomerRepository.open(url("customers"), "sa", ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(withSaves.toString())
        .hasMessageContaining("Start that release once on this file");
    Files.write(withSaves, new byte[0]);
    JdbiCustomerRepository.open(url("customers"), "sa", "").close();

    assertThat(empty).doesNotExist();
    assertThat(withSaves).doesNotExist();
  }

  private String url(String name) {
    return "jdbc:h2:file:" + directory.resolve(name);
  }

  /** Copies the file of the open database, as a crashed process leaves it, and looks for the customer there. */
  private void assertInTheFileOf(String name, Customer saved) throws Exception {
    Files.copy(directory.resolve(name + ".mv.db"), directory.resolve("crashed.mv.db"));
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
