package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CustomerId;
import dev.customers.domain.events.EventOutbox.EventState;
import dev.customers.domain.events.EventOutbox.Status;
import dev.customers.domain.events.PruneEvents;
import dev.customers.server.WebhookReceiver.Delivery;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The server's webhooks end to end, through the composition root, on each database (a subclass names it): the
 * transactional outbox of the JDBI repository, the relay the server runs, the signed POSTs a real receiver checks.
 * Retries follow {@link WebhooksTest#FAST} (first after about 100 ms) rather than the standard 5 s. Emails are
 * fresh per test, so one database may serve every test; events other tests left pending may arrive too.
 */
abstract class WebhookDeliveryTest {

  static final String TOKEN = "webhook-delivery-token";

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  abstract String url();

  abstract String user();

  abstract String password();

  ServerSettings settings(URI... webhookUrls) {
    EventSettings events = webhookUrls.length == 0 ? EventSettings.NONE : new EventSettings(List.of(webhookUrls),
        Optional.of(WebhooksTest.SECRET), PruneEvents.DEFAULT_RETENTION, WebhooksTest.FAST);
    return TestSettings.server().database(url(), user(), password()).token(TOKEN, "users:read", "users:write")
        .events(events).build();
  }

  String email(int n) {
    return "hook-" + run + "-" + n + "@example.com";
  }

  @Test
  void every_create_answered_201_is_delivered_signed_with_the_user_exactly_as_get_answers_it() {
    try (WebhookReceiver receiver = WebhookReceiver.start(WebhooksTest.SECRET, WebhookReceiver.accepting());
        CustomersServer server = CustomersServer.start(settings(receiver.uri("/hooks")), CustomersServerTest.quiet())) {
      ServerClient client = new ServerClient(server.port(), TOKEN);
      List<String> locations = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> created = client.create(i == 0
            ? Samples.RICH_CUSTOMER.replace("Rich.Hook@Example.COM", email(i))
            : "{\"email\": \"" + email(i) + "\", \"tags\": [\"n" + i + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        locations.add(created.headers().firstValue("Location").orElseThrow());
      }

      for (String location : locations) {
        String eventId = event(server, location).event().eventId().toString();
        Await.until("delivered " + location, () -> receiver.delivered().contains(eventId));
        Delivery delivery = receiver.deliveriesOf(eventId).get(0);
        assertThat(receiver.deliveriesOf(eventId)).hasSize(1);
        assertThat(delivery.validSignature()).isTrue();
        assertThat(delivery.contentType()).isEqualTo("application/json");
        assertThat(delivery.text()).isEqualTo(Samples.envelope(eventId) + client.get(location).body() + "}");
        Await.until("marked delivered", () -> event(server, location).status() == Status.DELIVERED);
      }
    }
  }

  @Test
  void a_receiver_that_answers_503_first_gets_the_event_later_with_the_same_webhook_id() {
    try (WebhookReceiver receiver = WebhookReceiver.start(WebhooksTest.SECRET,
            (id, attempt) -> attempt == 1 ? 503 : 202);
        CustomersServer server = CustomersServer.start(settings(receiver.uri("/hooks")), CustomersServerTest.quiet())) {
      String location = created(server, email(1));
      String eventId = event(server, location).event().eventId().toString();

      Await.until("delivered", () -> receiver.delivered().contains(eventId));

      assertThat(receiver.deliveriesOf(eventId)).extracting(Delivery::status).containsExactly(503, 202);
      assertThat(receiver.deliveriesOf(eventId)).allMatch(Delivery::validSignature);
      Await.until("marked delivered", () -> event(server, location).status() == Status.DELIVERED);
      assertThat(event(server, location).attempts()).isEqualTo(2);
    }
  }

  @Test
  void a_receiver_that_is_down_for_a_while_gets_the_event_once_it_is_up() {
    int port = CustomersServerTest.freePort();
    try (CustomersServer server = CustomersServer.start(settings(URI.create("http://127.0.0.1:" + port + "/hooks")),
        CustomersServerTest.quiet())) {
      String location = created(server, email(1));
      String eventId = event(server, location).event().eventId().toString();
      Await.until("refused twice", () -> event(server, location).attempts() >= 2);
      assertThat(event(server, location).status()).isEqualTo(Status.PENDING);

      try (WebhookReceiver receiver = WebhookReceiver.startOn(port, WebhooksTest.SECRET,
          WebhookReceiver.accepting())) {
        Await.until("delivered", () -> receiver.delivered().contains(eventId));
        assertThat(receiver.deliveriesOf(eventId)).allMatch(Delivery::validSignature);
      }
    }
  }

  @Test
  void creates_are_all_answered_201_while_the_receiver_holds_every_request() {
    CountDownLatch release = new CountDownLatch(1);
    try (WebhookReceiver receiver = WebhookReceiver.start(WebhooksTest.SECRET, (id, attempt) -> {
          release.await();
          return 204;
        });
        CustomersServer server = CustomersServer.start(settings(receiver.uri("/hooks")), CustomersServerTest.quiet())) {
      try {
        created(server, email(0));
        Await.until("the receiver holds the first event", () -> receiver.held() > 0);
        for (int i = 1; i < 20; i++) {
          created(server, email(i));
        }
        assertThat(receiver.deliveries()).as("none answered yet").isEmpty();
      } finally {
        // Before the server stops: its stop waits for the deliveries under way.
        release.countDown();
      }
    }
  }

  @Test
  void without_urls_events_stay_pending_and_go_out_once_urls_are_set() {
    String location;
    try (CustomersServer server = CustomersServer.start(settings(), CustomersServerTest.quiet())) {
      location = created(server, email(1));
      EventState pending = event(server, location);
      assertThat(pending.status()).isEqualTo(Status.PENDING);
      assertThat(pending.attempts()).isZero();
    }

    try (WebhookReceiver receiver = WebhookReceiver.start(WebhooksTest.SECRET, WebhookReceiver.accepting());
        CustomersServer server = CustomersServer.start(settings(receiver.uri("/hooks")), CustomersServerTest.quiet())) {
      String eventId = event(server, location).event().eventId().toString();
      Await.until("delivered after the restart", () -> receiver.delivered().contains(eventId));
      assertThat(receiver.deliveriesOf(eventId).get(0).text()).startsWith(Samples.envelope(eventId))
          .contains("\"email\":\"" + email(1) + "\"");
    }
  }

  static String created(CustomersServer server, String email) {
    HttpResponse<String> created = new ServerClient(server.port(), TOKEN).create("{\"email\": \"" + email + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.headers().firstValue("Location").orElseThrow();
  }

  /** The one event of the customer at {@code location}. */
  static EventState event(CustomersServer server, String location) {
    List<EventState> events = server.events().eventsOf(CustomerId.of(Long.parseLong(location.replaceAll("\\D", ""))));
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
