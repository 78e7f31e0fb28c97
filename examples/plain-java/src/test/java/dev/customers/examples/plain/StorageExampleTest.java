package dev.customers.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.NewCustomer;
import dev.customers.jdbi.JdbiCustomerRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/embedding.md, "Embedding with storage", kept compiling and true. */
class StorageExampleTest {

  @TempDir
  Path data;

  @Test
  void the_example_stores_a_customer_in_an_h2_file_and_reads_it_back() {
    String jdbcUrl = "jdbc:h2:file:" + data.resolve("customers");

    // --- docs example starts ---
    try (JdbiCustomerRepository customers = JdbiCustomerRepository.open(jdbcUrl, "sa", "")) {
      CreateCustomer createCustomer = new CreateCustomer(customers, Clock.systemUTC());
      FindCustomer findCustomer = new FindCustomer(customers);

      Customer created = createCustomer.create(NewCustomer.builder()
          .email("jane@example.com")
          .metadata(Map.of("source", "checkout"))
          .address(Map.of("country", "DE", "line1", "Unter den Linden 77", "line4", "Berlin"))
          .build()).customer();

      Customer readBack = findCustomer.find(created.id().orElseThrow()).orElseThrow();
    }
    // --- docs example ends ---
    try (JdbiCustomerRepository reopened = JdbiCustomerRepository.open(jdbcUrl, "sa", "")) {
      assertThat(new FindCustomer(reopened).find(new CustomerId(1))).hasValueSatisfying(customer -> {
        assertThat(customer.email()).isEqualTo("jane@example.com");
        assertThat(customer.addresses()).hasSize(1);
      });
    }
  }
}
