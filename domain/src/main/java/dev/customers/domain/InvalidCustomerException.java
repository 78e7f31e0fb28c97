package dev.customers.domain;

import java.util.List;

/** A create request broke one or more rules; {@link #violations()} lists every one of them, in field order. */
public final class InvalidCustomerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;
  private final int addressesSent;

  public InvalidCustomerException(List<Violation> violations) {
    this(violations, 0);
  }

  /**
   * The refusal of a request that sent {@code addressesSent} addresses (as a list; 0 when it sent none or no list),
   * which an adapter may need to shape its answer: DRF answers an entry per address sent.
   */
  public InvalidCustomerException(List<Violation> violations, int addressesSent) {
    super(describe(violations), null, false, false);
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("An invalid customer has at least one violation");
    }
    if (addressesSent < 0) {
      throw new IllegalArgumentException("addressesSent must not be negative: " + addressesSent);
    }
    this.violations = List.copyOf(violations);
    this.addressesSent = addressesSent;
  }

  public List<Violation> violations() {
    return violations;
  }

  /** Whether another customer has the email's mailbox: one of the {@link #violations()}, or the only one. */
  public boolean emailTaken() {
    return violations.contains(Violation.emailTaken());
  }

  /** How many addresses the refused request sent as a list; 0 when it sent none, or something else. */
  public int addressesSent() {
    return addressesSent;
  }

  private static String describe(List<Violation> violations) {
    StringBuilder text = new StringBuilder("Invalid customer:");
    for (Violation v : violations) {
      text.append(' ').append(v.path()).append(": ").append(v.message());
    }
    return text.toString();
  }
}
