package dev.customers.domain;

import java.util.ArrayList;
import java.util.List;

/** Collects the violations of one request, so that all of them are reported at once. */
final class Violations {

  private final List<Violation> found = new ArrayList<>();

  void add(Violation.Path path, String code, String message) {
    found.add(new Violation(path, code, message));
  }

  /** Records a violation ahead of all others: for the first field, found out last. */
  void addFirst(Violation violation) {
    found.add(0, violation);
  }

  boolean any() {
    return !found.isEmpty();
  }

  int count() {
    return found.size();
  }

  void throwIfAny(NewCustomer command) {
    if (!found.isEmpty()) {
      throw new InvalidCustomerException(found, command.addressesSent());
    }
  }
}
