package dev.customers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.events.EventRelay;
import dev.customers.domain.NewCustomer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Events" example, kept compiling and true. */
class EventsExampleTest {

  @Test
  void the_readme_example_welcomes_the_customer_it_created() {
    // --- README example starts ---
    InMemoryCustomerRepository customers = new InMemoryCustomerRepository();
    CreateCustomer createCustomer = new CreateCustomer(customers, Clock.systemUTC());
    List<CustomerId> welcomed = new CopyOnWriteArrayList<>();

    try (EventRelay relay = EventRelay.builder(customers, event -> welcomed.add(event.customerId())).build()) {
      Customer jane = createCustomer.create(NewCustomer.builder().email("jane@example.com").build()).customer();

      relay.deliverDue();   // a test's way; in production: relay.start() once, and it delivers in the background

      assertThat(welcomed).containsExactly(jane.id().orElseThrow());
    }
    // --- README example ends ---
  }

  @Test
  void the_readme_shows_the_example_as_this_test_runs_it() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/customers/testkit/EventsExampleTest.java"));
    String example = source.substring(source.indexOf('\n', source.indexOf("// --- README example starts ---")) + 1,
        source.indexOf("    // --- README example ends ---"));
    String unindented = example.lines().map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
        .collect(Collectors.joining("\n", "", "\n"));

    assertThat(Files.readString(Path.of("../README.md"))).contains("```java\n" + unindented + "```");
  }
}
