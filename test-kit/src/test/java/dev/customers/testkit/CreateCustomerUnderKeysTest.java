package dev.customers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.IdempotencyConflictException;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.InvalidCustomerException;
import dev.customers.domain.NewCustomer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CreateCustomer} under idempotency keys. Here rather than in the domain's tests: the keys are kept by the
 * repository, and the in-memory one here is proven by the contract, where the domain's own fake could only copy it
 * (test-kit depends on the domain, so the domain's tests cannot use it).
 */
class CreateCustomerUnderKeysTest {

  private static final IdempotencyKey KEY = new IdempotencyKey("owner-a", "key-1");

  private final InMemoryCustomerRepository customers = new InMemoryCustomerRepository();
  private final CreateCustomer createCustomer =
      new CreateCustomer(customers, FixedClock.at("2026-03-04T05:06:07.123456789Z"));

  /** A request that breaks no rule, to be completed with the field under test. */
  private static NewCustomer.Builder aCustomer() {
    return NewCustomer.builder().email("jane@example.com");
  }

  @Test
  void a_retry_under_the_same_key_answers_the_first_customer_and_stores_nothing_new() {
    CreateCustomer.Created first = createCustomer.create(aCustomer().firstName("Jane").build().withIdempotencyKey(KEY));
    CreateCustomer.Created retry = createCustomer.create(NewCustomer.of(Map.of("first_name", " Jane ",
        "email", "jane@example.com")).withIdempotencyKey(KEY));

    assertThat(first.replayed()).isFalse();
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.customer()).isEqualTo(first.customer());
    assertThat(customers.size()).isEqualTo(1);
  }

  @Test
  void another_request_under_a_used_key_is_refused_and_stores_nothing() {
    createCustomer.create(aCustomer().build().withIdempotencyKey(KEY));

    IdempotencyConflictException refused = catchThrowableOfType(IdempotencyConflictException.class,
        () -> createCustomer.create(aCustomer().email("john@example.com").build().withIdempotencyKey(KEY)));

    assertThat(refused.reason()).isEqualTo(IdempotencyConflictException.Reason.USED_WITH_ANOTHER_REQUEST);
    assertThat(refused.getMessage()).isEqualTo("This Idempotency-Key was already used with a different request.");
    assertThat(customers.size()).isEqualTo(1);
  }

  @Test
  void the_same_key_of_another_owner_is_another_key() {
    createCustomer.create(aCustomer().build().withIdempotencyKey(KEY));

    CreateCustomer.Created other = createCustomer.create(
        aCustomer().email("john@example.com").build().withIdempotencyKey(new IdempotencyKey("owner-b", "key-1")));

    assertThat(other.replayed()).isFalse();
    assertThat(customers.size()).isEqualTo(2);
  }

  @Test
  void a_refused_first_request_leaves_its_key_free() {
    InvalidCustomerException refused = catchThrowableOfType(InvalidCustomerException.class,
        () -> createCustomer.create(aCustomer().language("xx").build().withIdempotencyKey(KEY)));
    assertThat(refused).as("refused").isNotNull();

    CreateCustomer.Created corrected =
        createCustomer.create(aCustomer().language("de").build().withIdempotencyKey(KEY));

    assertThat(corrected.replayed()).isFalse();
  }
}
