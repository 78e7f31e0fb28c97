package dev.customers.http;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.NewCustomer;
import dev.customers.http.RequestRejected.Reason;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The two operations: create a customer, read one back. */
final class CustomerEndpoints {

  /** Under the API's base path. */
  static final String COLLECTION = "/users/";
  static final String ITEM = "/users/{id}/";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  /** Digits only, as the reference's integer ids; leading zeros are the same number. */
  private static final Pattern DIGITS = Pattern.compile("0*([0-9]{1,19})");
  private static final String MAX_ID = Long.toString(Long.MAX_VALUE);

  private final CreateCustomer createCustomer;
  private final FindCustomer findCustomer;
  private final RequestBodies bodies;
  private final Responses responses;
  /** The collection's path, base path included, as the Location of a created customer starts. */
  private final String collection;

  CustomerEndpoints(CreateCustomer createCustomer, FindCustomer findCustomer, RequestBodies bodies,
      Responses responses, String collection) {
    this.createCustomer = createCustomer;
    this.findCustomer = findCustomer;
    this.bodies = bodies;
    this.responses = responses;
    this.collection = collection;
  }

  void create(Context ctx) throws IOException {
    Optional<IdempotencyKey> key = idempotencyKey(ctx);
    NewCustomer command = bodies.read(ctx);
    CreateCustomer.Created created = createCustomer.create(
        key.isPresent() ? command.withIdempotencyKey(key.get()) : command);
    Customer customer = created.customer();
    if (created.replayed()) {
      ctx.header(REPLAYED, "true");
    }
    ctx.header("Location", location(customer));
    responses.json(ctx, 201, CustomerJson.of(customer));
  }

  void find(Context ctx) {
    CustomerId id = customerId(ctx.pathParam("id")).orElseThrow(() -> new RequestRejected(Reason.NOT_FOUND));
    Customer customer = findCustomer.find(id).orElseThrow(() -> new RequestRejected(Reason.NOT_FOUND));
    responses.json(ctx, 200, CustomerJson.of(customer));
  }

  /** The request's key, owned by its token; checked before the body is read, after the request-level rules. */
  private static Optional<IdempotencyKey> idempotencyKey(Context ctx) {
    String key = ctx.header(IDEMPOTENCY_KEY);
    if (key == null) {
      return Optional.empty();
    }
    if (!IdempotencyKey.isValidKey(key)) {
      throw new RequestRejected(Reason.INVALID_IDEMPOTENCY_KEY);
    }
    return Optional.of(new IdempotencyKey(RequestChecks.owner(ctx), key));
  }

  private String location(Customer customer) {
    long id = customer.id().orElseThrow(() -> new IllegalStateException("A stored customer has an id")).value();
    return collection + id + "/";
  }

  /** The id in a path, when it is one a customer can have: a positive number that fits a long. */
  static Optional<CustomerId> customerId(String text) {
    var digits = DIGITS.matcher(text);
    if (!digits.matches()) {
      return Optional.empty();
    }
    String number = digits.group(1);
    if (number.length() == MAX_ID.length() && number.compareTo(MAX_ID) > 0) {
      return Optional.empty();
    }
    long id = Long.parseLong(number);
    return id > 0 ? Optional.of(CustomerId.of(id)) : Optional.empty();
  }
}
