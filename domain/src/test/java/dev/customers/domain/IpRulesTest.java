package dev.customers.domain;

import static dev.customers.domain.Requests.aCustomer;
import static dev.customers.domain.Requests.created;
import static dev.customers.domain.Requests.createdWith;
import static dev.customers.domain.Requests.violation;
import static dev.customers.domain.Requests.violationsWith;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRulesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "0.0.0.0",
      "127.0.0.1",
      "192.168.1.10",
      "255.255.255.255",
      "::",
      "::1",
      "2001:db8::1",
      "2001:DB8::1",
      "2001:0db8:0000:0000:0000:ff00:0042:8329",
      "fe80::1ff:fe23:4567:890a",
      "::ffff:192.0.2.128",
  })
  void an_ipv4_or_ipv6_address_is_kept_as_sent(String ip) {
    assertThat(createdWith("ip", ip).ip()).contains(ip);
  }

  @Test
  void an_ip_is_trimmed() {
    assertThat(createdWith("ip", "  10.0.0.1\n").ip()).contains("10.0.0.1");
  }

  @Test
  void an_absent_ip_is_none() {
    assertThat(created(aCustomer().build()).ip()).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   "})
  void an_empty_ip_means_none(String empty) {
    assertThat(createdWith("ip", empty).ip()).isEmpty();
  }

  @Test
  void a_null_ip_means_none() {
    assertThat(createdWith("ip", null).ip()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "1.2.3.256",
      "-1.2.3.4",
      "01.2.3.4",
      "192.168.001.1",
      "1.2.3.4/24",
      "1.2.3.4:80",
      "localhost",
      "example.com",
      "2001:db8::g",
      "2001:db8:::1",
      "1:2:3:4:5:6:7:8:9",
      "[::1]",
      "IPv6:::1",
      "fe80::1%eth0",
      "::ffff:01.2.3.4",
  })
  void anything_else_is_refused(String ip) {
    assertThat(violationsWith("ip", ip)).containsExactly(violation("ip", "invalid", "Enter a valid IPv4 or IPv6 address."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.customers.domain.Requests#notStrings")
  void a_value_of_another_type_is_not_a_valid_string(Object notAString) {
    assertThat(violationsWith("ip", notAString)).containsExactly(violation("ip", "invalid", "Not a valid string."));
  }

  @Test
  void a_null_character_is_refused_alone() {
    assertThat(violationsWith("ip", "10.0.0.1\u0000"))
        .containsExactly(violation("ip", "null_characters_not_allowed", "Null characters are not allowed."));
  }
}
