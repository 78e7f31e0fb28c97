package dev.customers.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CustomerCreatedTest {

  @Test
  void an_event_id_is_a_version_7_uuid_of_the_current_millisecond() {
    long before = System.currentTimeMillis();
    UUID id = CustomerCreated.newEventId();
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
  }

  @Test
  void event_ids_do_not_repeat_and_a_later_millisecond_sorts_after() throws InterruptedException {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(CustomerCreated.newEventId());
    }
    UUID earlier = CustomerCreated.newEventId();
    Thread.sleep(2);
    UUID later = CustomerCreated.newEventId();

    assertThat(ids).hasSize(100_000);
    // As PostgreSQL and H2 order uuids: by their bytes, unsigned.
    assertThat(Long.compareUnsigned(later.getMostSignificantBits(), earlier.getMostSignificantBits())).isPositive();
  }
}
