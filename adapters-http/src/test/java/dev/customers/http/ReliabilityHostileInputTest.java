package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile bodies that once answered 500, or 201 for a customer that could not be read back, and what they
 * answer now. (FuzzCreateIT sends them too, on H2 and PostgreSQL, with the random ones.)
 */
class ReliabilityHostileInputTest {

  private static final AtomicInteger EMAILS = new AtomicInteger();
  private static RunningApi api;

  @BeforeAll
  static void start() {
    api = RunningApi.start(new InMemoryCustomerRepository());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String email() {
    return "hostile-" + EMAILS.incrementAndGet() + "@example.com";
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "-1e999999999", "1e1000", "123e998", "0e999999999"})
  void a_metadata_number_with_more_than_1000_digits_before_the_point_is_refused(String number) {
    HttpResponse<String> response = api.postJson(
        "{\"email\": \"" + email() + "\", \"metadata\": {\"ok\": 1, \"deep\": [{\"n\": " + number + "}]}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response)).isEqualTo(Map.of("metadata",
        List.of("Ensure that there are no more than 1000 digits before the decimal point.")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e-999999999", "1e-1001", "123456789012345678901234567890e-20000"})
  void a_metadata_number_with_more_than_1000_decimal_places_is_refused(String number) {
    HttpResponse<String> response = api.postJson("{\"email\": \"" + email() + "\", \"metadata\": {\"n\": " + number + "}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response)).isEqualTo(
        Map.of("metadata", List.of("Ensure that there are no more than 1000 decimal places.")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999", "-9.99e998", "1e-1000", "1E+3", "0.000"})
  void metadata_numbers_within_1000_digits_are_kept_as_sent(String number) {
    HttpResponse<String> response = api.postJson("{\"email\": \"" + email() + "\", \"metadata\": {\"n\": " + number + "}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(api.get(response.headers().firstValue("Location").orElseThrow()).body()).isEqualTo(response.body());
  }

  @Test
  void nan_and_infinity_are_not_json() {
    for (String token : List.of("NaN", "Infinity", "-Infinity")) {
      HttpResponse<String> response = api.postJson("{\"email\": \"" + email() + "\", \"metadata\": {\"n\": " + token + "}}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("JSON parse error - ");
    }
  }

  @Test
  void form_metadata_as_deep_as_the_parser_allows_is_stored_and_read_back() {
    String metadata = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);

    HttpResponse<String> response = api.post("application/x-www-form-urlencoded", BodyPublishers.ofString(
        "email=" + URLEncoder.encode(email(), StandardCharsets.UTF_8) + "&metadata="
            + URLEncoder.encode(metadata, StandardCharsets.UTF_8)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.body()).contains("\"metadata\":" + metadata + ",");
    assertThat(api.get(response.headers().firstValue("Location").orElseThrow()).statusCode()).isEqualTo(200);
  }

  @Test
  void nesting_ten_thousand_levels_deep_is_a_parse_error_wherever_it_is() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    List<HttpResponse<String>> answers = List.of(
        api.postJson(deep),
        api.postJson("{\"email\": \"" + email() + "\", \"tags\": " + deep + "}"),
        api.post("application/x-www-form-urlencoded", BodyPublishers.ofString(
            "email=" + URLEncoder.encode(email(), StandardCharsets.UTF_8) + "&addresses=" + deep)));

    assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(400);
    assertThat((String) body(answers.get(0)).get("detail")).contains("nesting depth");
    assertThat(body(answers.get(2))).isEqualTo(Map.of("addresses", List.of("Value must be valid JSON.")));
  }
}
