package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.CustomerCreatedListener;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.events.EventRelay;
import dev.customers.domain.events.RetrySchedule;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersApi;
import dev.customers.server.WebhookReceiver.Delivery;
import dev.customers.testkit.InMemoryCustomerRepository;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook listener ({@link CustomersApi#webhooks}) under an {@link EventRelay} over the in-memory repository,
 * beside the app that answers GET: what a receiver gets, and what a failing receiver gets later.
 */
class WebhooksTest {

  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "a test secret of 32 bytes length".getBytes(StandardCharsets.US_ASCII));
  private static final String TOKEN = "webhooks-token";
  /** Fast, for tests: retries after about 100 ms, 200 ms, 400 ms... */
  static final RetrySchedule FAST = RetrySchedule.of(Duration.ofMillis(100), 6, Duration.ofSeconds(3));

  private final InMemoryCustomerRepository repository = new InMemoryCustomerRepository();
  private final FindCustomer find = new FindCustomer(repository);
  private final Javalin app = CustomersApi.create(new CreateCustomer(repository, Clock.systemUTC()), find, () -> true,
      ApiSettings.builder().token(TOKEN, "users:read", "users:write").requestsPerSecond(0)
          .shutdownQuiet(Duration.ofMillis(100)).build())
      .start("127.0.0.1", 0);
  private final ServerClient client = new ServerClient(app.port(), TOKEN);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    app.stop();
  }

  private <T extends AutoCloseable> T closedAfter(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private EventRelay relay(URI... urls) {
    CustomerCreatedListener webhooks = CustomersApi.webhooks(find, List.of(urls), SECRET);
    return closedAfter(EventRelay.builder(repository, webhooks).pollEvery(Duration.ofMillis(20)).schedule(FAST)
        .build().start());
  }

  @Test
  void every_customer_is_posted_signed_as_json_with_the_user_exactly_as_get_answers_it() {
    WebhookReceiver receiver = closedAfter(WebhookReceiver.start(SECRET, WebhookReceiver.accepting()));
    relay(receiver.uri("/hooks"));
    List<String> locations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> created = client.create(i == 0 ? Samples.RICH_CUSTOMER
          : "{\"email\": \"hook-" + i + "@example.com\", \"tags\": [\"n" + i + "\"]}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      locations.add(created.headers().firstValue("Location").orElseThrow());
    }

    Await.until("every event delivered", () -> receiver.delivered().size() == 20);

    for (String location : locations) {
      CustomerId id = CustomerId.of(Long.parseLong(location.replaceAll("\\D", "")));
      String eventId = repository.eventsOf(id).get(0).event().eventId().toString();
      List<Delivery> deliveries = receiver.deliveriesOf(eventId);
      assertThat(deliveries).hasSize(1);
      Delivery delivery = deliveries.get(0);
      assertThat(delivery.validSignature()).isTrue();
      assertThat(delivery.contentType()).isEqualTo("application/json");
      assertThat(delivery.text()).isEqualTo(Samples.envelope(eventId) + client.get(location).body() + "}");
      Await.until("marked delivered", () -> repository.eventsOf(id).get(0).status() == Status.DELIVERED);
    }
  }

  @Test
  void a_receiver_that_answers_503_first_gets_the_event_again_with_the_same_webhook_id() {
    WebhookReceiver receiver = closedAfter(WebhookReceiver.start(SECRET, (id, attempt) -> attempt == 1 ? 503 : 200));
    relay(receiver.uri("/hooks"));
    CustomerId id = created("{\"email\": \"retry@example.com\"}");
    String eventId = repository.eventsOf(id).get(0).event().eventId().toString();

    Await.until("delivered", () -> receiver.delivered().contains(eventId));

    List<Delivery> deliveries = receiver.deliveriesOf(eventId);
    assertThat(deliveries).extracting(Delivery::status).containsExactly(503, 200);
    assertThat(deliveries).allMatch(Delivery::validSignature);
    assertThat(deliveries.get(1).text()).isEqualTo(deliveries.get(0).text());
    Await.until("marked delivered", () -> repository.eventsOf(id).get(0).status() == Status.DELIVERED);
    assertThat(repository.eventsOf(id).get(0).attempts()).isEqualTo(2);
  }

  @Test
  void a_receiver_that_is_down_gets_the_event_once_it_is_up() {
    int port = CustomersServerTest.freePort();
    relay(URI.create("http://127.0.0.1:" + port + "/hooks"));
    CustomerId id = created("{\"email\": \"down@example.com\"}");
    String eventId = repository.eventsOf(id).get(0).event().eventId().toString();
    Await.until("two attempts refused", () -> repository.eventsOf(id).get(0).attempts() >= 2);

    WebhookReceiver receiver = closedAfter(WebhookReceiver.startOn(port, SECRET, WebhookReceiver.accepting()));

    Await.until("delivered", () -> receiver.delivered().contains(eventId));
    assertThat(receiver.deliveriesOf(eventId)).allMatch(Delivery::validSignature);
  }

  @Test
  void when_one_url_fails_every_url_gets_the_event_again_with_the_same_webhook_id() {
    WebhookReceiver receiver = closedAfter(WebhookReceiver.start(SECRET,
        (id, attempt) -> attempt == 1 ? 500 : 204));
    WebhookReceiver steady = closedAfter(WebhookReceiver.start(SECRET, WebhookReceiver.accepting()));
    relay(receiver.uri("/flaky"), steady.uri("/steady"));
    CustomerId id = created("{\"email\": \"two-urls@example.com\"}");
    String eventId = repository.eventsOf(id).get(0).event().eventId().toString();

    Await.until("delivered to both", () -> repository.eventsOf(id).get(0).status() == Status.DELIVERED);

    assertThat(receiver.deliveriesOf(eventId)).extracting(Delivery::status).containsExactly(500, 204);
    assertThat(steady.deliveriesOf(eventId)).extracting(Delivery::status).containsExactly(204, 204);
  }

  @Test
  void a_urls_user_info_is_sent_as_basic_authentication_not_in_the_url() {
    WebhookReceiver receiver = closedAfter(WebhookReceiver.start(SECRET, WebhookReceiver.accepting()));
    relay(URI.create("http://hook%40user:p%3Ass@127.0.0.1:" + receiver.port() + "/hooks?key=k"));
    created("{\"email\": \"basic@example.com\"}");

    Await.until("delivered", () -> receiver.delivered().size() == 1);

    Delivery delivery = receiver.deliveries().get(0);
    assertThat(delivery.path()).isEqualTo("/hooks");
    assertThat(delivery.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
        "hook@user:p:ss".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_failed_attempt_is_told_by_position_and_host_never_with_the_url_or_the_body() throws Exception {
    int port = CustomersServerTest.freePort();
    CustomerCreatedListener webhooks = CustomersApi.webhooks(find,
        List.of(URI.create("http://user:hunter2@127.0.0.1:" + port + "/hooks?token=s3cret")), SECRET);
    CustomerId id = created("{\"email\": \"private@example.com\"}");
    EventState event = repository.eventsOf(id).get(0);

    assertThatThrownBy(() -> webhooks.onCustomerCreated(event.event()))
        .hasMessage("webhook 1 (127.0.0.1) failed: ConnectException")
        .hasMessageNotContainingAny("hunter2", "s3cret", "private@example.com", Integer.toString(port));
  }

  @Test
  void bad_urls_and_secrets_are_refused_without_showing_them() {
    URI good = URI.create("https://hooks.example.com/customers");
    assertThatThrownBy(() -> CustomersApi.webhooks(find, List.of(good, URI.create("ftp://u:pw@example.com/")),
        SECRET)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
    assertThatThrownBy(() -> CustomersApi.webhooks(find, List.of(URI.create("/relative")), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CustomersApi.webhooks(find, List.of(), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    String shortSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
    for (String secret : List.of(shortSecret, "whsec_not base64!", SECRET.substring("whsec_".length()))) {
      assertThatThrownBy(() -> CustomersApi.webhooks(find, List.of(good), secret))
          .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(secret);
    }
  }

  @Test
  void the_relays_log_lines_go_through_slf4j_as_every_other_line() {
    assertThat(System.getLogger(EventRelay.class.getName()).getClass().getName()).startsWith("org.slf4j.");
  }

  private CustomerId created(String json) {
    HttpResponse<String> created = client.create(json);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Matcher id = Pattern.compile("\"id\":(\\d+),\"ip\"").matcher(created.body());
    assertThat(id.find()).isTrue();
    return CustomerId.of(Long.parseLong(id.group(1)));
  }
}
