package dev.customers.examples.springboot;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.InvalidCustomerException;
import dev.customers.domain.NewCustomer;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The shop's own API: its request shapes, customers created by customers' use case, orders in its own table. */
@RestController
class ShopController {

  record CustomerRequest(String email, String firstName, String lastName) {}

  record OrderRequest(long customerId, String item) {}

  record Created(long id) {}

  record Invalid(List<Error> errors) {}

  record Error(String path, String code, String message) {}

  private final CreateCustomer createCustomer;
  private final JdbcClient jdbc;

  ShopController(CreateCustomer createCustomer, JdbcClient jdbc) {
    this.createCustomer = createCustomer;
    this.jdbc = jdbc;
  }

  @PostMapping("/customers")
  @ResponseStatus(HttpStatus.CREATED)
  Created createCustomer(@RequestBody CustomerRequest request) {
    NewCustomer command = NewCustomer.builder()
        .email(request.email())
        .firstName(request.firstName())
        .lastName(request.lastName())
        .build();
    return new Created(createCustomer.create(command).customer().id().orElseThrow().value());
  }

  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.CREATED)
  Created placeOrder(@RequestBody OrderRequest request) {
    KeyHolder id = new GeneratedKeyHolder();
    jdbc.sql("insert into orders (customer_id, item) values (?, ?)")
        .params(request.customerId(), request.item())
        .update(id, "id");
    return new Created(id.getKeyAs(Long.class));
  }

  /** Every broken rule at once, each with its path ({@code email}) and code ({@code invalid}). */
  @ExceptionHandler
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  Invalid invalid(InvalidCustomerException e) {
    return new Invalid(e.violations().stream()
        .map(violation -> new Error(violation.path(), violation.code(), violation.message()))
        .toList());
  }
}
