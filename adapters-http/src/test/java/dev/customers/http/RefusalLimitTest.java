package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are not free: after a burst of refusals (a wrong token, a scope or version it lacks), an address is
 * answered 429 with Retry-After, whatever it sends, until its allowance refills.
 */
class RefusalLimitTest {

  @Test
  void wrong_tokens_are_throttled_per_address_after_a_burst() {
    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
        RunningApi.settings().refusalsPerSecond(1).build())) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        statuses.add(api.send(api.bare("/api/admin/users/1/").header("Authorization", "Bearer guess-" + i).GET())
            .statusCode());
      }
      HttpResponse<String> valid = api.get("/api/admin/users/1/");

      assertThat(statuses.subList(0, 4)).containsOnly(401);
      assertThat(statuses.subList(5, 12)).containsOnly(429);
      assertThat(valid.statusCode()).isEqualTo(429);
      assertThat(valid.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(RunningApi.body(valid))
          .containsEntry("detail", "Request was throttled. Expected available in 1 second.");
    }
  }

  @Test
  void forbidden_scopes_and_unsupported_versions_count_too() {
    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository(), () -> true,
        RunningApi.settings().refusalsPerSecond(1).build())) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add(api.send(api.bare("/api/admin/users/").header("Authorization", "Bearer " + RunningApi.READER)
            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode());
        statuses.add(api.send(api.request("/api/admin/users/1/").setHeader("X-29next-API-Version", "2020-01-01")
            .GET()).statusCode());
      }

      assertThat(statuses.subList(0, 4)).containsExactly(403, 400, 403, 400);
      // (A slow machine may refill one in between.)
      assertThat(statuses.subList(4, 10)).contains(429);
    }
  }

  @Test
  void the_addresses_remembered_are_bounded() {
    RefusalLimit limit = new RefusalLimit(1);
    for (int i = 0; i < 3 * RefusalLimit.MAX_ADDRESSES; i++) {
      limit.refused("10.0." + (i >> 8) + "." + (i & 0xff));
    }

    assertThat(limit.size()).isEqualTo(RefusalLimit.MAX_ADDRESSES);
  }
}
