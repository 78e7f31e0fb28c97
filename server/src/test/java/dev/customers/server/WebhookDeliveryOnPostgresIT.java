package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.jdbi.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's webhooks on PostgreSQL ({@link TestPostgres}), and two servers sharing one database's events. */
class WebhookDeliveryOnPostgresIT extends WebhookDeliveryTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @Override
  String url() {
    return postgres.url();
  }

  @Override
  String user() {
    return postgres.user();
  }

  @Override
  String password() {
    return postgres.password();
  }

  @Test
  void two_servers_on_one_database_deliver_every_event_and_never_one_event_twice_at_once() {
    // Each request is held a little, so that a second delivery of the same id while the first is under way shows.
    try (WebhookReceiver receiver = WebhookReceiver.start(WebhooksTest.SECRET, (id, attempt) -> {
          Thread.sleep(30);
          return 204;
        });
        CustomersServer first = CustomersServer.start(settings(receiver.uri("/hooks")), CustomersServerTest.quiet());
        CustomersServer second = CustomersServer.start(settings(receiver.uri("/hooks")), CustomersServerTest.quiet())) {
      List<String> eventIds = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        CustomersServer server = i % 2 == 0 ? first : second;
        eventIds.add(event(server, created(server, email(i))).event().eventId().toString());
      }

      Await.until("every event delivered", () -> receiver.delivered().containsAll(eventIds));

      assertThat(receiver.overlapping()).isEmpty();
      assertThat(receiver.deliveries()).allMatch(WebhookReceiver.Delivery::validSignature);
    }
  }
}
