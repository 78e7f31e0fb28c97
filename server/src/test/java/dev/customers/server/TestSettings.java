package dev.customers.server;

import dev.customers.domain.CreateCustomer;
import dev.customers.http.ApiSettings;
import dev.customers.http.ApiSettings.LogFormat;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ServerSettings} for tests, with what the tests take for granted unless they name it: 127.0.0.1 on a free
 * port, durability against a process crash, no rate limit, keys kept for {@link CreateCustomer#DEFAULT_KEY_TTL},
 * plain logs, no webhooks. For example
 * {@code TestSettings.server().database(url, user, password).token(TOKEN, "users:read").build()}.
 */
final class TestSettings {

  private int port = -1;
  private String databaseUrl;
  private String databaseUser;
  private String databasePassword;
  private int requestsPerSecond;
  private Duration idempotencyTtl = CreateCustomer.DEFAULT_KEY_TTL;
  private final Map<String, Set<String>> tokens = new LinkedHashMap<>();
  private EventSettings events = EventSettings.NONE;

  private TestSettings() {}

  static TestSettings server() {
    return new TestSettings();
  }

  TestSettings database(String url, String user, String password) {
    this.databaseUrl = url;
    this.databaseUser = user;
    this.databasePassword = password;
    return this;
  }

  /** An H2 database, as its default user. */
  TestSettings h2(String url) {
    return database(url, "sa", "");
  }

  TestSettings port(int port) {
    this.port = port;
    return this;
  }

  TestSettings requestsPerSecond(int requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
    return this;
  }

  TestSettings idempotencyTtl(Duration idempotencyTtl) {
    this.idempotencyTtl = idempotencyTtl;
    return this;
  }

  /** Adds an access token with its scopes. */
  TestSettings token(String token, String... scopes) {
    tokens.put(token, Set.of(scopes));
    return this;
  }

  TestSettings events(EventSettings events) {
    this.events = events;
    return this;
  }

  /**
   * No drain on a stop and a quiet time of 100 ms, as tests stop servers often and send nothing on a kept-alive
   * connection while they stop one; the default bound.
   */
  ServerSettings build() {
    if (databaseUrl == null) {
      throw new IllegalStateException("Name the database: database(url, user, password) or h2(url)");
    }
    return new ServerSettings("127.0.0.1", port < 0 ? CustomersServerTest.freePort() : port, databaseUrl,
        databaseUser, databasePassword, Durability.PROCESS_CRASH, requestsPerSecond,
        ApiSettings.DEFAULT_REFUSALS_PER_SECOND, idempotencyTtl, LogFormat.PLAIN,
        tokens, Optional.empty(), events, Duration.ZERO, Duration.ofMillis(100),
        ServerSettings.DEFAULT_SHUTDOWN_TIMEOUT);
  }
}
