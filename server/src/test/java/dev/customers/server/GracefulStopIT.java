package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.FindCustomer;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersApi;
import dev.customers.server.RawHttpClient.Answer;
import dev.customers.server.RawHttpClient.Outcome;
import dev.customers.testkit.InMemoryCustomerRepository;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@code app.stop()} of the adapter, as an embedder calls it: the drain answers {@code /health} with 503 and
 * everything else as usual, then every request in flight or arriving on an open connection gets its real answer,
 * and only then do the connections close.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GracefulStopIT {

  private static final String TOKEN = "stop-token";
  private static final String CREATE = "{\"email\": \"%s@example.com\"}";

  private final SlowRepository repository = new SlowRepository();
  private Javalin app;

  @AfterEach
  void stopTheApp() {
    repository.release.countDown();
    if (app != null) {
      app.stop();
    }
  }

  private int start(Duration drain) {
    ApiSettings settings = ApiSettings.builder().token(TOKEN, "users:read", "users:write").requestsPerSecond(0)
        .shutdownDrain(drain).build();
    app = CustomersApi.create(new CreateCustomer(repository, Clock.systemUTC()), new FindCustomer(repository),
        () -> true, settings);
    app.start("127.0.0.1", 0);
    return app.port();
  }

  @Test
  void during_the_drain_health_answers_503_and_creates_are_answered_on_the_same_connection() throws Exception {
    int port = start(Duration.ofSeconds(2));
    try (RawHttpClient client = new RawHttpClient(port); RawHttpClient health = new RawHttpClient(port)) {
      assertThat(client.post("/api/admin/users/", TOKEN, CREATE.formatted("before")).status()).isEqualTo(201);
      assertThat(health.get("/health").status()).isEqualTo(200);

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
      awaitHealth(health, 503);

      Answer during = client.post("/api/admin/users/", TOKEN, CREATE.formatted("during"));
      assertThat(during.outcome()).isEqualTo(Outcome.ANSWERED);
      assertThat(during.status()).isEqualTo(201);
      assertThat(health.get("/health").body()).isEqualTo("{\"status\":\"stopping\"}");
      stopping.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_create_in_flight_gets_its_201_even_when_it_outlasts_the_second_a_stop_gives_idle_connections()
      throws Exception {
    int port = start(Duration.ZERO);
    repository.holdSaves();
    try (RawHttpClient client = new RawHttpClient(port)) {
      CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(
          () -> client.post("/api/admin/users/", TOKEN, CREATE.formatted("slow")));
      assertThat(repository.saving.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
      Thread.sleep(2_500);
      repository.release.countDown();

      Answer answer = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(answer.outcome()).as(answer.body()).isEqualTo(Outcome.ANSWERED);
      assertThat(answer.status()).isEqualTo(201);
      stopping.get(30, TimeUnit.SECONDS);
      assertThat(repository.findById(CustomerId.of(1))).isPresent();
    }
  }

  @Test
  void once_the_port_is_closed_a_kept_alive_connection_gets_its_answer_and_is_closed_and_a_new_one_is_refused()
      throws Exception {
    int port = start(Duration.ZERO);
    repository.holdSaves();
    try (RawHttpClient holder = new RawHttpClient(port); RawHttpClient keptAlive = new RawHttpClient(port)) {
      // One request in flight keeps the stop waiting while the kept-alive connection is used.
      CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(
          () -> holder.post("/api/admin/users/", TOKEN, CREATE.formatted("holder")));
      assertThat(repository.saving.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(keptAlive.get("/health").status()).isEqualTo(200);

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
      try (RawHttpClient newcomer = new RawHttpClient(port)) {
        awaitRefused(newcomer);
      }
      Answer onTheOpenConnection = keptAlive.get("/api/admin/openapi.json");
      assertThat(onTheOpenConnection.outcome()).isEqualTo(Outcome.ANSWERED);
      assertThat(onTheOpenConnection.status()).isEqualTo(200);
      assertThat(keptAlive.isOpen()).as("closed after its answer").isFalse();

      repository.release.countDown();
      assertThat(inFlight.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
      stopping.get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitHealth(RawHttpClient health, int status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (health.get("/health").status() != status) {
      assertThat(System.nanoTime()).as("health answers " + status).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static void awaitRefused(RawHttpClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.get("/health").outcome() != Outcome.NOT_CONNECTED) {
      client.close();
      assertThat(System.nanoTime()).as("the port refuses connections").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** In memory; with {@link #holdSaves()} each save waits, once it has stored, until released. */
  private static final class SlowRepository implements CustomerRepository {
    private final InMemoryCustomerRepository stored = new InMemoryCustomerRepository();
    final CountDownLatch saving = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hold;

    void holdSaves() {
      hold = true;
    }

    @Override
    public SaveResult save(Customer customer) {
      SaveResult result = stored.save(customer);
      if (hold) {
        saving.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return result;
    }

    @Override
    public SaveResult save(Customer customer, KeyedRequest request) {
      return stored.save(customer, request);
    }

    @Override
    public Optional<Customer> findById(CustomerId id) {
      return stored.findById(id);
    }

    @Override
    public boolean emailTaken(String email) {
      return stored.emailTaken(email);
    }

    @Override
    public int deleteExpiredKeys(Instant now, int max) {
      return stored.deleteExpiredKeys(now, max);
    }
  }
}
