package dev.customers.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.NewCustomer;
import dev.customers.domain.events.EventRelay;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The example of docs/embedding.md, "Events", kept compiling and true. */
class EventsExampleTest {

  @Test
  void the_example_welcomes_the_customer_it_created() {
    // --- docs example starts ---
    InMemoryCustomerRepository customers = new InMemoryCustomerRepository();
    CreateCustomer createCustomer = new CreateCustomer(customers, Clock.systemUTC());
    List<CustomerId> welcomed = new CopyOnWriteArrayList<>();

    try (EventRelay relay = EventRelay.builder(customers, event -> welcomed.add(event.customerId())).build()) {
      Customer jane = createCustomer.create(NewCustomer.builder().email("jane@example.com").build()).customer();

      relay.deliverDue();   // a test's way; in production: relay.start() once, and it delivers in the background

      assertThat(welcomed).containsExactly(jane.id().orElseThrow());
    }
    // --- docs example ends ---
  }
}
