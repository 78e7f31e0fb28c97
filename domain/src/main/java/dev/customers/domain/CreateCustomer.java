package dev.customers.domain;


import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.IdempotencyConflictException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Creates a customer: checks every rule of the request at once, then stores the customer through the
 * {@link CustomerRepository}. A command with an {@link IdempotencyKey} is answered, while the key is kept, with the
 * customer its first request made.
 */
public final class CreateCustomer {

  /** How long a key is kept when the caller does not say. */
  public static final Duration DEFAULT_KEY_TTL = Duration.ofHours(24);

  private final CustomerRepository customers;
  private final Clock clock;
  private final Duration keyTtl;

  public CreateCustomer(CustomerRepository customers, Clock clock) {
    this(customers, clock, DEFAULT_KEY_TTL);
  }

  /** With idempotency keys kept for {@code keyTtl} (positive). */
  public CreateCustomer(CustomerRepository customers, Clock clock, Duration keyTtl) {
    this.customers = Objects.requireNonNull(customers, "customers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keyTtl = Objects.requireNonNull(keyTtl, "keyTtl");
    if (keyTtl.isNegative() || keyTtl.isZero()) {
      throw new IllegalArgumentException("An idempotency key is kept for a positive time, got " + keyTtl);
    }
    PhoneNumbers.warmUp();
  }

  /**
   * Creates the customer {@code command} describes and answers it as stored, with its ids; or, for a command whose
   * key made a customer already, that customer, {@link Created#replayed()}.
   *
   * @throws InvalidCustomerException with every violation, when a rule is broken or the email is taken
   * @throws IdempotencyConflictException when the command's key was used with another request, or its first
   *     request is still being processed
   */
  public Created create(NewCustomer command) {
    Violations violations = new Violations();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Customer customer = CustomerRules.check(command, violations, customers::emailTaken, now);
    violations.throwIfAny(command);

    SaveResult result = command.idempotencyKey()
        .map(key -> customers.save(customer,
            new KeyedRequest(key, RequestFingerprint.of(customer), now, now.plus(keyTtl))))
        .orElseGet(() -> customers.save(customer));
    if (result instanceof SaveResult.Saved saved) {
      return new Created(saved.customer(), false);
    }
    if (result instanceof SaveResult.Replayed replayed) {
      return new Created(replayed.customer(), true);
    }
    if (result instanceof SaveResult.KeyUsedWithAnotherRequest) {
      throw new IdempotencyConflictException(Reason.USED_WITH_ANOTHER_REQUEST);
    }
    if (result instanceof SaveResult.KeyInFlight) {
      throw new IdempotencyConflictException(Reason.IN_FLIGHT);
    }
    // The storage's unique index found the email taken: by an earlier customer, or by a create that raced this one.
    throw new InvalidCustomerException(List.of(Violation.emailTaken()), command.addressesSent());
  }

  /** A stored customer, and whether it was made by an earlier request under the same idempotency key. */
  public record Created(Customer customer, boolean replayed) {
    public Created {
      Objects.requireNonNull(customer, "customer");
    }
  }
}
