package dev.customers.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CreateCustomer;
import dev.customers.http.ApiSettings.LogFormat;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The composition root end to end on PostgreSQL (embedded: binaries from Maven Central, no install). */
class CustomersServerOnPostgresTest {

  private static final String TOKEN = "pg-token";

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  private static ServerSettings settings() {
    return new ServerSettings("127.0.0.1", CustomersServerTest.freePort(), postgres.getJdbcUrl("postgres", "postgres"),
        "postgres", "", Durability.PROCESS_CRASH, 0, CreateCustomer.DEFAULT_KEY_TTL, LogFormat.PLAIN,
        Map.of(TOKEN, Set.of("users:write", "users:read")), Optional.empty());
  }

  @Test
  void creates_reads_back_and_refuses_a_taken_email_across_a_restart() {
    String location;
    String created;
    try (CustomersServer server = CustomersServer.start(settings(), CustomersServerTest.quiet())) {
      ServerClient client = new ServerClient(server.port(), TOKEN);

      HttpResponse<String> response = client.create("{\"email\": \"pg@example.com\", \"metadata\": {\"n\": 1.50},"
          + " \"addresses\": [{\"country\": \"fi\", \"line1\": \"Katu 1\", \"line4\": \"Helsinki\","
          + " \"is_default_for_shipping\": true}], \"tags\": [\"b\", \"a\"]}");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      location = response.headers().firstValue("Location").orElseThrow();
      created = response.body();
      HttpResponse<String> read = client.get(location);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(created);
    }

    try (CustomersServer server = CustomersServer.start(settings(), CustomersServerTest.quiet())) {
      ServerClient client = new ServerClient(server.port(), TOKEN);

      assertThat(client.get(location).body()).isEqualTo(created);
      HttpResponse<String> taken = client.create("{\"email\": \"PG@example.com\"}");
      assertThat(taken.statusCode()).isEqualTo(400);
      assertThat(taken.body()).isEqualTo("{\"email\":[\"user with this email already exists.\"]}");
    }
  }
}
