package dev.customers.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignUpTest {

  @TempDir
  Path data;

  @Test
  void signs_up_new_emails_refuses_bad_and_taken_ones_and_keeps_them_across_runs() {
    String jdbcUrl = "jdbc:h2:file:" + data.resolve("shop");

    assertThat(run(jdbcUrl, "jane@example.com", "not-an-email")).isEqualTo(List.of(
        "jane@example.com: customer 1",
        "not-an-email: email Enter a valid email address."));
    List<String> secondRun = run(jdbcUrl, "JANE@example.com", "john@example.com");
    assertThat(secondRun.get(0)).isEqualTo("JANE@example.com: email user with this email already exists.");
    // Ids come from an identity column: a refused insert may use one up, so only "a new, larger id" is promised.
    assertThat(secondRun.get(1)).matches("john@example\\.com: customer (?!1$)[0-9]+");
    assertThat(secondRun).hasSize(2);
  }

  private static List<String> run(String jdbcUrl, String... emails) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    SignUp.signUp(jdbcUrl, List.of(emails), new PrintStream(printed, true, StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
