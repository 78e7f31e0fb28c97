package dev.customers.examples.javalin;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.EventRelay;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersApi;
import dev.customers.jdbi.DatabaseKind;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import dev.customers.jdbi.JdbiRateLimit;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Customers as a whole app of its own, wired by the host instead of by {@code customers-server}: the pool's and the
 * requests' metrics in the host's registry, an access log, a drain before a stop, webhooks, and on PostgreSQL a rate
 * limit that every instance on the database shares.
 */
public final class WholeApp implements AutoCloseable {

  private final JdbiCustomerRepository repository;
  private final EventRelay relay;
  private final Javalin app;

  private WholeApp(JdbiCustomerRepository repository, EventRelay relay, Javalin app) {
    this.repository = repository;
    this.relay = relay;
    this.app = app;
  }

  /** Started on {@code port} (0: any free one); {@code token} may create, read and read the metrics. */
  public static WholeApp start(String jdbcUrl, String user, String password, String token, List<URI> webhookUrls,
      String webhookSecret, int port) {
    // --- docs example starts ---
    DatabaseKind kind = DatabaseKind.of(jdbcUrl)
        .orElseThrow(() -> new IllegalArgumentException("customers runs on H2 and PostgreSQL"));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JdbiCustomerRepository repository = JdbiCustomerRepository.WithPoolMetrics.open(
        jdbcUrl, kind.isH2() ? "sa" : user, password, Durability.POWER_LOSS, metrics);
    ApiSettings.Builder settings = ApiSettings.builder()
        .token(token, "users:read", "users:write", "admin:read")
        .requestsPerSecond(50)
        .refusalsPerSecond(5)
        .metrics(metrics, metrics::scrape)
        .accessLog(System.out, ApiSettings.LogFormat.JSON)
        .shutdownDrain(Duration.ofSeconds(1))
        .shutdownQuiet(Duration.ofMillis(500));
    if (kind == DatabaseKind.POSTGRESQL) {
      JdbiRateLimit shared = JdbiRateLimit.of(repository);
      settings.sharedRateLimit((tokenHash, perSecond) -> shared.tryAcquire(tokenHash, perSecond));
    }
    FindCustomer find = new FindCustomer(repository);
    EventRelay relay = EventRelay.builder(repository, CustomersApi.webhooks(find, webhookUrls, webhookSecret))
        .build().start();
    Javalin app = CustomersApi.create(new CreateCustomer(repository, Clock.systemUTC()), find,
        repository::isAvailable, settings.build());
    // --- docs example ends ---
    app.start("127.0.0.1", port);
    return new WholeApp(repository, relay, app);
  }

  public int port() {
    return app.port();
  }

  /** The app first (the drain, then requests in flight), then deliveries under way, then the pool. */
  @Override
  public void close() {
    app.stop();
    relay.close();
    repository.close();
  }
}
