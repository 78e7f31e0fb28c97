package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's main in a JVM of its own, as the launcher starts it: what an operator sees of a bad variable. */
class MainIT {

  @Test
  void main_stops_at_start_with_a_message_naming_a_bad_variable() throws Exception {
    assertThat(runMain("CUSTOMERS_PORT", "abc"))
        .contains("CUSTOMERS_PORT must be a number from 1 to 65535, got \"abc\"");
    assertThat(runMain("CUSTOMERS_IDEMPOTENCY_TTL", "24h"))
        .contains("CUSTOMERS_IDEMPOTENCY_TTL must be a positive ISO-8601 duration such as PT24H or P7D, got \"24h\"");
  }

  /** Runs the server's main with one variable set, expecting exit status 2; answers what it printed. */
  private static String runMain(String variable, String value) throws Exception {
    ProcessBuilder launch = ChildServer.command(Map.of());
    launch.environment().put(variable, value);

    Process process = launch.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(CustomersServer.BAD_CONFIGURATION);
    return output;
  }
}
