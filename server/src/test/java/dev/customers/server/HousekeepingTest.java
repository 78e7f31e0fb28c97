package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.events.EventOutbox.Claimed;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.testkit.Customers;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The server's background deletion of events, on the in-memory repository: also without a relay, events older than
 * the retention go, delivered or not; younger ones stay. (Its deletion of expired keys is tested end to end in
 * {@code IdempotentCreatesTest}.)
 */
class HousekeepingTest {

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();

  @Test
  void deletes_the_events_older_than_the_retention_whatever_their_state() {
    Instant now = Instant.now();
    CustomerId delivered = saved(now.minus(Duration.ofDays(9)));
    for (Claimed claimed : repository.claimDue(now, now.plusSeconds(60), 10)) {
      repository.delivered(claimed.lease(), now);
    }
    CustomerId pending = saved(now.minus(Duration.ofDays(8)));
    CustomerId recent = saved(now.minus(Duration.ofDays(6)));
    assertThat(repository.eventsOf(delivered).get(0).status()).isEqualTo(Status.DELIVERED);

    try (Housekeeping housekeeping = new Housekeeping(repository, repository, Clock.systemUTC(),
        Duration.ofMillis(20), Duration.ofDays(7))) {
      Await.until("the old events deleted",
          () -> repository.eventsOf(delivered).isEmpty() && repository.eventsOf(pending).isEmpty());
    }

    assertThat(repository.eventsOf(recent)).hasSize(1);
    assertThat(repository.eventsOf(recent).get(0).status()).isEqualTo(Status.PENDING);
  }

  private CustomerId saved(Instant joined) {
    SaveResult result = repository.save(Customers.aCustomer().dateJoined(joined).build());
    return ((SaveResult.Saved) result).customer().id().orElseThrow();
  }
}
