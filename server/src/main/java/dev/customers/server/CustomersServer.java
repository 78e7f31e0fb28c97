package dev.customers.server;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.EventOutbox;
import dev.customers.domain.events.EventRelay;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersApi;
import dev.customers.jdbi.DatabaseKind;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.jdbi.JdbiRateLimit;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The runnable server: reads its configuration from the environment and wires JDBI, the domain and HTTP with plain
 * {@code new}. The only code that sees both JDBI and Javalin.
 *
 * <p>Every variable it reads (the {@code CUSTOMERS_*} names in {@link ServerSettings}), with its default and
 * meaning, is listed once, in docs/server.md.
 *
 * <p>A stop (SIGTERM or SIGINT, see {@link ProcessStop}): {@code /health} answers 503 for the drain while everything
 * else is served; then the port closes, every request in flight is answered, the relay and the housekeeping stop,
 * and the pool closes, which closes an H2 database; exit status 0.
 *
 * <p>With webhook URLs an {@link EventRelay} delivers the events in the background, woken by each create; without,
 * events stay pending (sent once URLs are set, within the retention). Either way they are deleted after the
 * retention.
 */
public final class CustomersServer implements AutoCloseable {

  /**
   * Webhooks in flight at once. A delivery mostly waits (for the receiver, for the database); how 4, 8 and 12 did
   * under load is in docs/performance.md.
   */
  private static final int RELAY_WORKERS = 8;

  /** Exit status for a configuration the server cannot run with. */
  static final int BAD_CONFIGURATION = 2;
  static final int CANNOT_START = 1;

  private final JdbiCustomerRepository repository;
  private final Javalin app;
  private final Housekeeping housekeeping;
  /** Null without webhooks. */
  private final EventRelay relay;

  private CustomersServer(JdbiCustomerRepository repository, Javalin app, Housekeeping housekeeping,
      EventRelay relay) {
    this.repository = repository;
    this.app = app;
    this.housekeeping = housekeeping;
    this.relay = relay;
  }

  public static void main(String[] args) {
    quietLogging();
    ServerSettings settings;
    try {
      settings = ServerSettings.from(System.getenv());
    } catch (ServerSettings.InvalidSettingException e) {
      System.err.println("customers: " + e.getMessage());
      System.exit(BAD_CONFIGURATION);
      return;
    }
    CustomersServer server;
    try {
      server = start(settings, System.out, System.err);
    } catch (RuntimeException e) {
      System.err.println("customers: cannot start: " + e.getMessage());
      System.exit(CANNOT_START);
      return;
    }
    ProcessStop.install(server::close, settings.shutdownTimeout());
  }

  /**
   * Opens the database (migrating its schema) and starts listening, side by side: each takes a while,
   * and neither needs the other until the first request. Tells {@code out} where it listens once both are ready.
   *
   * @throws RuntimeException when the database cannot be opened or the port cannot be bound; nothing is left open
   */
  static CustomersServer start(ServerSettings settings, PrintStream out) {
    return start(settings, out, System.err);
  }

  /**
   * As {@link #start(ServerSettings, PrintStream)}, with warnings and a generated token on {@code err}: never on
   * {@code out}, the access log's stream, which log shippers collect.
   */
  static CustomersServer start(ServerSettings settings, PrintStream out, PrintStream err) {
    for (String warning : settings.warnings()) {
      err.println("customers: warning: " + warning);
    }
    // Before the database opens, so that H2 creates its files in a directory only this user can enter.
    for (String warning : PrivateFiles.prepare(settings.databaseUrl())) {
      err.println("customers: warning: " + warning);
    }
    PrometheusMeterRegistry metrics = metrics();
    CompletableFuture<JdbiCustomerRepository> opening = CompletableFuture.supplyAsync(
        () -> JdbiCustomerRepository.WithPoolMetrics.open(
            settings.databaseUrl(), settings.databaseUser(), settings.databasePassword(),
            settings.databaseDurability(), metrics),
        task -> {
          Thread thread = new Thread(task, "customers-database-open");
          thread.setDaemon(true);
          thread.start();
        });
    OpeningRepository repository = new OpeningRepository(opening);
    RelayWakingRepository waking = new RelayWakingRepository(repository);
    Javalin app = CustomersApi.create(
        new CreateCustomer(waking, Clock.systemUTC(), settings.idempotencyTtl()),
        new FindCustomer(repository),
        repository::isAvailable,
        apiSettings(settings, metrics, out, opening));
    JdbiCustomerRepository database;
    try {
      app.start(settings.host(), settings.port());
      database = repository.opened();
      PrivateFiles.tighten(settings.databaseUrl());
    } catch (RuntimeException e) {
      app.stop();
      opening.thenAccept(JdbiCustomerRepository::close);
      throw e;
    }
    out.println("customers listening on http://" + settings.host() + ":" + app.port());
    settings.generatedToken().ifPresent(token -> err.println(
        "No CUSTOMERS_TOKENS set: this run accepts the access token below (scopes users:read users:write).\n"
            + "  Authorization: Bearer " + token));
    EventRelay relay = settings.events().webhooks() ? waking.wakes(relay(database, settings.events())) : null;
    return new CustomersServer(database, app, new Housekeeping(database, database, Clock.systemUTC(),
        settings.idempotencyTtl(), settings.events().retention()), relay);
  }

  /** The relay from the database's outbox to the webhooks, started. */
  private static EventRelay relay(JdbiCustomerRepository database, EventSettings events) {
    var webhooks = CustomersApi.webhooks(new FindCustomer(database), events.webhookUrls(),
        events.webhookSecret().orElseThrow());
    return EventRelay.builder(database, webhooks).schedule(events.retries())
        .workers(RELAY_WORKERS).build().start();
  }

  /** A Prometheus registry with the JVM's memory, garbage collection and threads; requests and the pool add theirs. */
  private static PrometheusMeterRegistry metrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    // Listens to GC notifications for the life of the JVM: one server a process, so it is never closed.
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  private static ApiSettings apiSettings(ServerSettings settings, PrometheusMeterRegistry metrics, PrintStream out,
      CompletableFuture<JdbiCustomerRepository> opening) {
    ApiSettings.Builder api = ApiSettings.builder()
        .requestsPerSecond(settings.requestsPerSecond())
        .refusalsPerSecond(settings.refusalsPerSecond())
        .metrics(metrics, metrics::scrape)
        .accessLog(out, settings.logFormat())
        .shutdownDrain(settings.shutdownDrain())
        .shutdownQuiet(settings.shutdownQuiet());
    if (settings.requestsPerSecond() > 0
        && DatabaseKind.of(settings.databaseUrl()).orElseThrow() == DatabaseKind.POSTGRESQL) {
      // Several servers may share this database: so does the limit. (A request before the database is open
      // waits for it, as a create does.)
      CompletableFuture<JdbiRateLimit> shared = opening.thenApply(JdbiRateLimit::of);
      api.sharedRateLimit((tokenHash, perSecond) -> shared.join().tryAcquire(tokenHash, perSecond));
    }
    for (Map.Entry<String, Set<String>> token : settings.tokens().entrySet()) {
      api.token(token.getKey(), token.getValue());
    }
    return api.build();
  }

  int port() {
    return app.port();
  }

  /** The events and how far their delivery has gone, for tests. */
  EventOutbox events() {
    return repository;
  }

  /**
   * Stops gracefully, in this order: the drain ({@code /health} 503, requests served), then the port closes and
   * requests in flight finish (up to 10 s); deliveries under way (up to their 10 s timeout; the rest are sent again
   * after a restart); a housekeeping run under way; then the pool closes, and with it an H2 database.
   */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      try {
        if (relay != null) {
          relay.close();
        }
      } finally {
        try {
          housekeeping.close();
        } finally {
          repository.close();
        }
      }
    }
  }

  /** slf4j-simple, in the server jar only: warnings and errors, plus this service's own messages. */
  private static void quietLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.dev.customers", "info");
    // Jetty warns of each request whose authority it cannot parse, quoting it whole: anyone could fill the log
    // with kilobytes a request. The request is answered 400 all the same.
    setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty.util.HostPort", "error");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
