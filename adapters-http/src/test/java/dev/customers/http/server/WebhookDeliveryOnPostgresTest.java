package dev.customers.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's webhooks on PostgreSQL (embedded), and two servers sharing one database's events. */
class WebhookDeliveryOnPostgresTest extends WebhookDeliveryTest {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  String url() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  String user() {
    return "postgres";
  }

  @Override
  String password() {
    return "";
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
