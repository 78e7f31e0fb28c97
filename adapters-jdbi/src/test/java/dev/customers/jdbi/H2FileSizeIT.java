package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CustomerRepository.SaveResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size of an H2 file under thousands of saves (an integration test: it runs for seconds by design). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2FileSizeIT {

  @TempDir
  Path directory;

  /**
   * Without H2's background writer nothing else rewrites half-empty chunks: the repository's writer does, between
   * batches. Saved one at a time, each commit writes a chunk of its own of 20 KB or more; without the rewriting
   * the file would keep them all. With {@code PROCESS_CRASH} freed chunks are reused at once, so the file is what
   * the rewriting leaves; with {@code POWER_LOSS} it also holds the chunks of the last five seconds
   * (docs/storage.md).
   */
  @Test
  void the_file_stays_a_few_kilobytes_per_customer_while_saves_come_one_at_a_time() throws Exception {
    int customers = 3_000;
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(
        "jdbc:h2:file:" + directory.resolve("customers"), "sa", "", JdbiCustomerRepository.Durability.PROCESS_CRASH)) {
      for (int i = 0; i < customers; i++) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
      long bytesPerCustomer = Files.size(directory.resolve("customers.mv.db")) / customers;

      assertThat(bytesPerCustomer).as("bytes of the open file per customer").isLessThan(5_000);
    }
  }
}
