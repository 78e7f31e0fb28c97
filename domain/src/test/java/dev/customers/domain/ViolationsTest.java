package dev.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.Violation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** However many rules a request breaks, what is reported stays bounded; within the limits, everything is. */
class ViolationsTest {

  @Test
  void every_violation_within_the_lists_limits_is_reported() {
    List<Object> tags = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      tags.add(true);
    }

    assertThat(Requests.violationsWith("tags", tags)).hasSize(250);
  }

  @Test
  void at_most_the_cap_is_reported_and_the_request_is_still_refused() {
    List<Object> addresses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // Every text field not a string, and both booleans not booleans: 14 violations an address.
      Map<String, Object> broken = new java.util.LinkedHashMap<>();
      for (String field : List.of("country", "first_name", "last_name", "line1", "line2", "line3", "line4", "state",
          "postcode", "phone_number", "notes", "is_default_for_billing", "is_default_for_shipping")) {
        broken.put(field, List.of());
      }
      addresses.add(broken);
    }

    List<Violation> reported = Requests.violationsWith("addresses", addresses);

    assertThat(reported).hasSize(Violations.MAX_REPORTED);
    assertThat(reported.get(0).path()).isEqualTo("addresses[0].country");
  }

  @Test
  void a_violation_found_last_but_reported_first_stays_within_the_cap() {
    Violations violations = new Violations();
    for (int i = 0; i < Violations.MAX_REPORTED + 10; i++) {
      violations.add(Path.of("tags").item(i), "invalid", "Not a valid string.");
    }
    violations.addFirst(Violation.emailTaken());

    assertThat(violations.count()).isEqualTo(Violations.MAX_REPORTED + 11);
    assertThatThrownBy(() -> violations.throwIfAny(NewCustomer.of(Map.of())))
        .isInstanceOfSatisfying(InvalidCustomerException.class, refused -> assertThat(refused.violations())
            .hasSize(Violations.MAX_REPORTED).startsWith(Violation.emailTaken()));
  }
}
