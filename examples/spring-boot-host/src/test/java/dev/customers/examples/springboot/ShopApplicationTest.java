package dev.customers.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.customers.domain.CustomerId;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {

  private static final Pattern ID = Pattern.compile("\\{\"id\":(\\d+)}");

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  DataSource dataSource;

  @Autowired
  Flyway flyway;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  WelcomeMails welcomeMails;

  @Test
  void creates_a_customer_and_an_order_in_one_database_with_two_histories_and_hears_of_the_customer()
      throws Exception {
    HttpResponse<String> customer = post("/customers",
        "{\"email\": \"jane@example.com\", \"firstName\": \"Jane\", \"lastName\": \"Doe\"}");
    assertThat(customer.statusCode()).as(customer.body()).isEqualTo(201);
    long customerId = id(customer);

    HttpResponse<String> order = post("/orders", "{\"customerId\": " + customerId + ", \"item\": \"a book\"}");
    assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
    long orderId = id(order);

    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
    assertThat(jdbc.sql("select email from customers.customers where id = ?").param(customerId).query(String.class).single())
        .isEqualTo("jane@example.com");
    assertThat(jdbc.sql("select customer_id from orders where id = ?").param(orderId).query(Long.class).single())
        .isEqualTo(customerId);
    assertThat(Arrays.stream(flyway.info().applied()).map(migration -> migration.getScript()))
        .containsExactly("V1__orders.sql");
    // In a schema of its own: it found no table of the shop's there, and needed no baseline.
    assertThat(jdbc.sql("select \"version\" from customers.\"customers_schema_history\" where \"version\" is not "
        + "null and \"success\" order by \"installed_rank\"").query(String.class).list())
        .containsExactly("1", "2", "3", "5", "6", "7", "8", "9");

    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!welcomeMails.welcomed().contains(CustomerId.of(customerId)) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(welcomeMails.welcomed()).as("customer.created, from the starter's relay")
        .contains(CustomerId.of(customerId));
  }

  /**
   * Up once the database answered the probe within its second; the first, cold probe of a JVM on a busy machine may
   * take longer, so the test asks again for a while.
   */
  @Test
  void actuators_health_shows_customers_up() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
    HttpResponse<String> health = http.send(request, HttpResponse.BodyHandlers.ofString());
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (health.statusCode() != 200 && System.nanoTime() < until) {
      Thread.sleep(200);
      health = http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"customers\":{\"status\":\"UP\"");
  }

  @Test
  void answers_an_invalid_customer_with_every_broken_rule() throws Exception {
    HttpResponse<String> invalid = post("/customers", "{\"email\": \"not an email\"}");

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("\"path\":\"email\"", "\"code\":\"invalid\"");
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long id(HttpResponse<String> response) {
    Matcher id = ID.matcher(response.body());
    assertThat(id.matches()).as(response.body()).isTrue();
    return Long.parseLong(id.group(1));
  }
}
