package dev.customers.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the violations of one request, so that all of them are reported at once: up to {@link #MAX_REPORTED},
 * which no request within the lists' limits reaches but a pathological one (every field of 50 addresses broken
 * thrice); the rest are counted but not kept, so that an answer stays small whatever a request holds.
 */
final class Violations {

  /** The most violations one request reports. */
  static final int MAX_REPORTED = 500;

  private final List<Violation> found = new ArrayList<>();
  /** Every violation found, reported or not: rules compare it before and after a check. */
  private int count;

  void add(Violation.Path path, String code, String message) {
    count++;
    if (found.size() < MAX_REPORTED) {
      found.add(new Violation(path, code, message));
    }
  }

  /** Records a violation ahead of all others: for the first field, found out last. */
  void addFirst(Violation violation) {
    count++;
    found.add(0, violation);
    if (found.size() > MAX_REPORTED) {
      found.remove(found.size() - 1);
    }
  }

  boolean any() {
    return count > 0;
  }

  int count() {
    return count;
  }

  void throwIfAny(NewCustomer command) {
    if (!found.isEmpty()) {
      throw new InvalidCustomerException(found, command.addressesSent());
    }
  }
}
