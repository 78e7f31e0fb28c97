package dev.customers.testkit;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.aNewCustomerCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Address;
import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.Language;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CustomersTest {

  private final CreateCustomer createCustomer =
      new CreateCustomer(new InMemoryCustomerRepository(), FixedClock.at("2025-01-02T03:04:05.678901Z"));

  @Test
  void the_new_customer_command_passes_every_rule_of_the_domain() {
    Customer created = createCustomer.create(aNewCustomerCommand().build()).customer();

    assertThat(created.id()).isPresent();
    assertThat(created.language()).contains(Language.EN);
    assertThat(created.phoneNumber()).contains("+14155552671");
    assertThat(created.tags()).containsExactly("vip", "newsletter", "b2b");
    assertThat(created.addresses()).extracting(Address::phoneNumber).containsExactly("+12015550123", "+4930123456");
    assertThat(created.metadata().asMap()).containsEntry("source", "checkout");
    assertThat(created.dateJoined()).isEqualTo(Instant.parse("2025-01-02T03:04:05.678901Z"));
  }

  @Test
  void a_customer_built_from_the_builder_is_what_creating_the_command_would_store() {
    Customer built = aCustomer().build();

    assertThat(built.id()).isEmpty();
    assertThat(built.addresses()).singleElement().satisfies(address -> assertThat(address.id()).isEmpty());
    assertThat(built.dateJoined()).isEqualTo(FixedClock.DEFAULT_INSTANT);
  }

  @Test
  void every_call_gets_an_email_no_other_call_got() {
    assertThat(IntStream.range(0, 1000).mapToObj(i -> aNewCustomerCommand().build().fields().get("email")))
        .doesNotHaveDuplicates();
    assertThat(IntStream.range(0, 1000).mapToObj(i -> aCustomer().build().email())).doesNotHaveDuplicates();
  }

  @Test
  void the_fixed_clock_always_tells_the_same_instant_in_utc() {
    var clock = FixedClock.at("2024-02-29T23:59:59.123456Z");

    assertThat(clock.instant()).isEqualTo(Instant.parse("2024-02-29T23:59:59.123456Z"));
    assertThat(clock.instant()).isEqualTo(clock.instant());
    assertThat(clock.getZone().getId()).isEqualTo("Z");
    assertThat(FixedClock.atDefaultInstant().instant()).isEqualTo(FixedClock.DEFAULT_INSTANT);
  }
}
