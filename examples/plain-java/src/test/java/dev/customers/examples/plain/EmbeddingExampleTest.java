package dev.customers.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.InvalidCustomerException;
import dev.customers.domain.NewCustomer;
import dev.customers.domain.Violation;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/embedding.md, "Embedding", kept compiling and true. */
class EmbeddingExampleTest {

  @Test
  void the_example_creates_one_customer_and_prints_the_violations_of_another() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream standardOut = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      example();
    } finally {
      System.setOut(standardOut);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
        "1 Jane.Doe@example.com +14155552671 [vip, newsletter]",
        "email [unique] user with this email already exists.",
        "language [invalid_choice] \"xx\" is not a valid choice.",
        "tags[1] [blank] This field may not be blank.",
        "addresses[0].country [invalid_choice] \"ZZ\" is not a valid choice.",
        "addresses[0].line4 [required] This field is required.",
        ""));
  }

  private static void example() {
    // --- docs example starts ---
    CreateCustomer createCustomer = new CreateCustomer(new InMemoryCustomerRepository(), Clock.systemUTC());

    Customer jane = createCustomer.create(NewCustomer.builder()
        .email("Jane.Doe@Example.COM")
        .firstName("Jane")
        .phoneNumber("+1 415 555 2671")
        .language("de")
        .tags("vip", "VIP", " newsletter ")
        .address(Map.of("country", "de", "line1", "Unter den Linden 77", "line4", "Berlin"))
        .build()).customer();
    System.out.println(jane.id().orElseThrow() + " " + jane.email() + " " + jane.phoneNumber().orElseThrow()
        + " " + jane.tags());   // 1 Jane.Doe@example.com +14155552671 [vip, newsletter]

    try {
      createCustomer.create(NewCustomer.builder()
          .email("jane.doe@example.com")           // taken, ignoring case
          .language("xx")
          .tags("ok", "")
          .address(Map.of("country", "ZZ", "line1", "Main St 1"))
          .build());
    } catch (InvalidCustomerException invalid) {
      for (Violation violation : invalid.violations()) {
        System.out.println(violation.path() + " [" + violation.code() + "] " + violation.message());
      }
    }
    // --- docs example ends ---
  }
}
