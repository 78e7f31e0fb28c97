package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.jdbi.TestPostgres;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The composition root end to end on PostgreSQL (the tests' server, see {@link TestPostgres}): an integration test,
 * as every server test on PostgreSQL, since it starts a PostgreSQL server unless one is named.
 */
class CustomersServerOnPostgresIT {

  private static final String TOKEN = "pg-token";

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  private static ServerSettings settings() {
    return TestSettings.server().database(postgres.url(), postgres.user(), postgres.password())
        .token(TOKEN, "users:write", "users:read").build();
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
