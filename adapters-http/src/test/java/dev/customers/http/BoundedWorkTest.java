package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token within its rate limit sends the largest body there is, holding as many list items as fit: the answer is
 * one message, not one per item, so neither the work nor the answer grows with what the body holds.
 */
class BoundedWorkTest {

  @Test
  void a_mebibyte_of_empty_tags_is_one_error() {
    StringBuilder body = new StringBuilder("{\"tags\":[[]");
    while (body.length() < ApiSettings.DEFAULT_MAX_BODY_BYTES - 10) {
      body.append(",[]");
    }
    body.append("]}");

    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository())) {
      HttpResponse<String> response = api.postJson(body.toString());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(RunningApi.body(response)).isEqualTo(Map.of(
          "email", java.util.List.of("This field is required."),
          "tags", java.util.List.of("Ensure this field has no more than 250 elements.")));
      assertThat(response.body().length()).isLessThan(64 * 1024);
    }
  }

  @Test
  void fifty_broken_addresses_are_answered_in_drf_shape_within_the_cap() {
    StringBuilder addresses = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      addresses.append(i == 0 ? "" : ",").append("{\"country\": [], \"line1\": [], \"line4\": [], \"notes\": [],"
          + " \"is_default_for_billing\": [], \"is_default_for_shipping\": []}");
    }
    addresses.append("]");

    try (RunningApi api = RunningApi.start(new InMemoryCustomerRepository())) {
      HttpResponse<String> response = api.post("application/json",
          BodyPublishers.ofString("{\"email\": \"a@example.com\", \"addresses\": " + addresses + "}"));

      assertThat(response.statusCode()).isEqualTo(400);
      @SuppressWarnings("unchecked")
      java.util.List<Map<String, Object>> errors =
          (java.util.List<Map<String, Object>>) RunningApi.body(response).get("addresses");
      assertThat(errors).hasSize(50).allSatisfy(entry -> assertThat(entry).hasSize(6));
    }
  }
}
