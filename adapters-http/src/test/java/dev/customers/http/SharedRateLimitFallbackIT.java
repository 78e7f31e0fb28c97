package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A shared rate limit that cannot answer: each server limits in memory meanwhile, and asks the shared one again
 * after its fallback period of seconds (an integration test because it waits that out).
 */
class SharedRateLimitFallbackIT {

  @Test
  void while_the_shared_limit_cannot_answer_each_server_limits_in_memory_then_asks_it_again() {
    AtomicBoolean down = new AtomicBoolean(true);
    try (RunningApi shared = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
        RunningApi.settings().requestsPerSecond(1).sharedRateLimit((hash, perSecond) -> {
          if (down.get()) {
            throw new StorageUnavailableException("down", new RuntimeException("refused"));
          }
          return true;
        }).build())) {
      List<Integer> whileDown = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        whileDown.add(shared.get("/api/admin/users/1/").statusCode());
      }
      down.set(false);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int admittedInARow = 0;
      while (admittedInARow < 5 && System.nanoTime() < deadline) {
        admittedInARow = shared.get("/api/admin/users/1/").statusCode() == 404 ? admittedInARow + 1 : 0;
      }

      assertThat(whileDown).as("limited, never a 500 and never unlimited").containsOnly(404, 429).contains(429);
      assertThat(admittedInARow).as("the shared limit (admitting all) decides again").isEqualTo(5);
    }
  }
}
