package dev.customers.domain;

import java.util.List;

/** A create request broke one or more rules; {@link #violations()} lists every one of them, in field order. */
public final class InvalidCustomerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public InvalidCustomerException(List<Violation> violations) {
    super(describe(violations), null, false, false);
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("An invalid customer has at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    StringBuilder text = new StringBuilder("Invalid customer:");
    for (Violation v : violations) {
      text.append(' ').append(v.path()).append(": ").append(v.message());
    }
    return text.toString();
  }
}
