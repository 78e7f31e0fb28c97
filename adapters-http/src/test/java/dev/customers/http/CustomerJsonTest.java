package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** date_joined as the reference's Python writes it. */
class CustomerJsonTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2026-11-27T04:10:41.402802Z, 2026-11-27T04:10:41.402802Z",
      "2026-11-27T04:10:41.000120Z, 2026-11-27T04:10:41.000120Z",
      "2026-11-27T04:10:41.000001999Z, 2026-11-27T04:10:41.000001Z",
      "2026-11-27T04:10:41.100Z, 2026-11-27T04:10:41.100000Z",
      "2026-11-27T04:10:41Z, 2026-11-27T04:10:41Z",
      "2026-11-27T04:10:41.000000999Z, 2026-11-27T04:10:41Z",
      "0999-01-02T03:04:05.5Z, 0999-01-02T03:04:05.500000Z"})
  void date_joined_has_microseconds_when_there_are_any(Instant instant, String written) {
    assertThat(CustomerJson.dateTime(instant)).isEqualTo(written);
  }
}
