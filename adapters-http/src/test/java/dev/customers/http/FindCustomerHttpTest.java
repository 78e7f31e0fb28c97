package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/admin/users/{id}/. */
class FindCustomerHttpTest {

  private static RunningApi api;
  private static Map<String, Object> created;

  @BeforeAll
  static void start() {
    api = RunningApi.start(new InMemoryCustomerRepository());
    created = body(api.postJson("{\"email\": \"find@example.com\", \"language\": \"fi\"}"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void a_stored_customer_is_200_with_the_user() {
    HttpResponse<String> response = api.get("/api/admin/users/" + created.get("id") + "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body(response)).isEqualTo(created);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void a_reader_may_read() {
    HttpResponse<String> response = api.send(api.request("/api/admin/users/" + created.get("id") + "/")
        .setHeader("Authorization", "Bearer " + RunningApi.READER).GET());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void leading_zeros_are_the_same_id() {
    assertThat(api.get("/api/admin/users/000" + created.get("id") + "/").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"424242", "0", "-1", "abc", "1.5", "+1", "1e3", "9223372036854775807",
      "9223372036854775808", "99999999999999999999999999", "%20"})
  void an_unknown_or_impossible_id_is_404(String id) {
    HttpResponse<String> response = api.get("/api/admin/users/" + id + "/");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(body(response)).isEqualTo(Map.of("detail", "Not found."));
  }

  @Test
  void ids_are_parsed_without_a_catch() {
    assertThat(CustomerEndpoints.customerId("9223372036854775807")).hasValueSatisfying(
        id -> assertThat(id.value()).isEqualTo(Long.MAX_VALUE));
    assertThat(CustomerEndpoints.customerId("9223372036854775808")).isEmpty();
    assertThat(CustomerEndpoints.customerId("0000000000000000000000042")).hasValueSatisfying(
        id -> assertThat(id.value()).isEqualTo(42));
    assertThat(CustomerEndpoints.customerId("")).isEmpty();
  }
}
