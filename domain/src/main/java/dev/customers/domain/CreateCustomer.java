package dev.customers.domain;

import static dev.customers.domain.Violation.Code.UNIQUE;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Creates a customer: checks every rule of the request at once, then stores the customer through the
 * {@link CustomerRepository}.
 */
public final class CreateCustomer {

  private final CustomerRepository customers;
  private final Clock clock;

  public CreateCustomer(CustomerRepository customers, Clock clock) {
    this.customers = Objects.requireNonNull(customers, "customers");
    this.clock = Objects.requireNonNull(clock, "clock");
    PhoneNumbers.warmUp();
  }

  /**
   * Creates the customer {@code command} describes and answers it as stored, with its ids.
   *
   * @throws InvalidCustomerException with every violation, when a rule is broken or the email is taken
   */
  public Customer create(NewCustomer command) {
    Violations violations = new Violations();
    Customer customer = CustomerRules.check(
        command, violations, customers::emailTaken, clock.instant().truncatedTo(ChronoUnit.MICROS));
    violations.throwIfAny(command);

    if (customers.save(customer) instanceof CustomerRepository.SaveResult.Saved saved) {
      return saved.customer();
    }
    // The storage's unique index found the email taken: by an earlier customer, or by a create that raced this one.
    throw new InvalidCustomerException(command, List.of(new Violation("email", UNIQUE, Messages.EMAIL_TAKEN)));
  }
}
