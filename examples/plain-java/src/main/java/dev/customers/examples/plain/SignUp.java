package dev.customers.examples.plain;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.InvalidCustomerException;
import dev.customers.domain.NewCustomer;
import dev.customers.domain.Violation;
import dev.customers.jdbi.JdbiCustomerRepository;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * A plain Java program that embeds customers: it signs up each email named on its command line in an H2 file and
 * prints the new customer's id, or every reason the email was refused. No framework: the use case, a repository
 * and a clock, wired with {@code new}.
 *
 * <pre>java dev.customers.examples.plain.SignUp jdbc:h2:file:./data/shop jane@example.com not-an-email</pre>
 */
public final class SignUp {

  private SignUp() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: SignUp JDBC_URL EMAIL...");
      System.exit(2);
    }
    signUp(args[0], Arrays.asList(args).subList(1, args.length), System.out);
  }

  static void signUp(String jdbcUrl, List<String> emails, PrintStream out) {
    try (JdbiCustomerRepository customers = JdbiCustomerRepository.open(jdbcUrl, "sa", "")) {
      CreateCustomer createCustomer = new CreateCustomer(customers, Clock.systemUTC());
      for (String email : emails) {
        try {
          Customer customer = createCustomer.create(NewCustomer.builder().email(email).build()).customer();
          out.println(email + ": customer " + customer.id().orElseThrow().value());
        } catch (InvalidCustomerException invalid) {
          for (Violation violation : invalid.violations()) {
            out.println(email + ": " + violation.path() + " " + violation.message());
          }
        }
      }
    }
  }
}
