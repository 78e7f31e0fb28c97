package dev.customers.domain;

import java.util.List;
import java.util.Optional;

/** A create request broke one or more rules; {@link #violations()} lists every one of them, in field order. */
public final class InvalidCustomerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;
  private final transient NewCustomer command;

  public InvalidCustomerException(List<Violation> violations) {
    this(null, violations);
  }

  /** The refusal of {@code command}, which an adapter may read to shape its answer (how many addresses came). */
  public InvalidCustomerException(NewCustomer command, List<Violation> violations) {
    super(describe(violations), null, false, false);
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("An invalid customer has at least one violation");
    }
    this.violations = List.copyOf(violations);
    this.command = command;
  }

  public List<Violation> violations() {
    return violations;
  }

  /** The command refused, when the thrower named it ({@link CreateCustomer} always does). */
  public Optional<NewCustomer> command() {
    return Optional.ofNullable(command);
  }

  private static String describe(List<Violation> violations) {
    StringBuilder text = new StringBuilder("Invalid customer:");
    for (Violation v : violations) {
      text.append(' ').append(v.path()).append(": ").append(v.message());
    }
    return text.toString();
  }
}
