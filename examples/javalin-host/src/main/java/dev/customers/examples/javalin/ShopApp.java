package dev.customers.examples.javalin;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.FindCustomer;
import dev.customers.http.ApiSettings;
import dev.customers.http.CustomersPlugin;
import dev.customers.jdbi.JdbiCustomerRepository;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A shop's own Javalin app: its routes ({@code /hello}, {@code /orders}) and its own 404, with customers mounted
 * at {@code /api/admin} ({@code POST /api/admin/users/}, {@code GET /api/admin/users/{id}/}).
 */
public final class ShopApp {

  /** The shop's own data, nothing to do with customers. */
  record Order(int id, String total) {}

  private ShopApp() {}

  /** The app, not yet started; customers are stored in {@code repository}, and {@code token} may create and read. */
  public static Javalin create(CustomerRepository repository, String token) {
    // --- docs example starts ---
    return Javalin.create(config -> {
      config.routes.get("/hello", ctx -> ctx.result("Hello from the shop"));
      config.routes.get("/orders", ctx -> ctx.json(List.of(new Order(1, "9.99"))));
      config.routes.error(404, ctx -> ctx.json(Map.of("error", "No such page in this shop")));

      config.registerPlugin(new CustomersPlugin(customers -> {
        customers.create = new CreateCustomer(repository, Clock.systemUTC());
        customers.find = new FindCustomer(repository);
        customers.settings = ApiSettings.builder()
            .token(token, "users:read", "users:write")
            .build();
      }));
    });
    // --- docs example ends ---
  }

  /** Serves on port 7070, customers in an in-memory H2 database; the token comes from SHOP_CUSTOMERS_TOKEN. */
  public static void main(String[] args) {
    String token = System.getenv("SHOP_CUSTOMERS_TOKEN");
    if (token == null || token.isBlank()) {
      System.err.println("Set SHOP_CUSTOMERS_TOKEN to the access token that may create and read customers");
      System.exit(2);
    }
    JdbiCustomerRepository repository = JdbiCustomerRepository.open("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "");
    Javalin app = create(repository, token).start(7070);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.stop();
      repository.close();
    }));
  }
}
