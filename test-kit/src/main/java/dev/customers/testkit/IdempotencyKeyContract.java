package dev.customers.testkit;

import static dev.customers.testkit.ContractSupport.AT;
import static dev.customers.testkit.ContractSupport.KEY_TTL;
import static dev.customers.testkit.ContractSupport.RACING_KEYED_SAVES;
import static dev.customers.testkit.ContractSupport.aUniqueKey;
import static dev.customers.testkit.ContractSupport.keyed;
import static dev.customers.testkit.ContractSupport.race;
import static dev.customers.testkit.ContractSupport.threeAddresses;
import static dev.customers.testkit.ContractSupport.winner;
import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.aUniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.IdempotencyKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerRepository} must do with idempotency keys ({@link CustomerRepository#save(Customer,
 * KeyedRequest)}): store a key with its customer, replay it to a retry, refuse it to another request, let it
 * expire, and of saves racing under one key let exactly one store. One part of {@link CustomerRepositoryContract};
 * a test class may implement it alone, providing {@link #repositoryUnderTest()}.
 *
 * <p>Every key and email is one no other test uses, so one repository may serve a whole class.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public interface IdempotencyKeyContract {

  /** The repository under test. Tests call it often, from several threads too: answer the same instance. */
  CustomerRepository repositoryUnderTest();

  @Test
  default void of_16_racing_saves_of_one_request_under_one_key_exactly_one_stores_and_the_others_replay_it_or_hear_it_is_in_flight()
      throws Exception {
    KeyedRequest request = keyed(aUniqueKey(), "one request", AT);
    Customer customer = aCustomer().tags(List.of("keyed")).addresses(threeAddresses()).build();
    CountDownLatch ready = new CountDownLatch(RACING_KEYED_SAVES);
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<SaveResult>> saves = new ArrayList<>();
    for (int i = 0; i < RACING_KEYED_SAVES; i++) {
      saves.add(() -> {
        ready.countDown();
        go.await();
        return repositoryUnderTest().save(customer, request);
      });
    }

    List<SaveResult> results = race(saves, ready, go);

    assertThat(results).filteredOn(SaveResult.Saved.class::isInstance).hasSize(1);
    Customer winner = winner(results);
    assertThat(results).filteredOn(result -> !(result instanceof SaveResult.Saved)).allSatisfy(result ->
        assertThat(result).isIn(new SaveResult.Replayed(winner), new SaveResult.KeyInFlight()));
    assertThat(found(winner)).isEqualTo(winner);
    assertThat(repositoryUnderTest().save(customer, request)).isEqualTo(new SaveResult.Replayed(winner));
  }

  @Test
  default void a_retry_under_a_stored_key_replays_the_first_customer_and_stores_nothing() {
    IdempotencyKey key = aUniqueKey();
    String email = aUniqueEmail();
    Customer first = savedUnder(key, "request", aCustomer().email(email).build());

    SaveResult retry = repositoryUnderTest().save(
        aCustomer().email(email).dateJoined(AT.plusSeconds(5)).build(), keyed(key, "request", AT.plusSeconds(5)));
    Customer next = saved(aCustomer().build());

    assertThat(retry).isEqualTo(new SaveResult.Replayed(first));
    assertThat(next.id().orElseThrow().value()).isGreaterThan(first.id().orElseThrow().value());
  }

  @Test
  default void another_request_under_a_used_key_is_KeyUsedWithAnotherRequest_and_stores_nothing() {
    IdempotencyKey key = aUniqueKey();
    savedUnder(key, "request", aCustomer().build());
    String otherEmail = aUniqueEmail();

    SaveResult reused =
        repositoryUnderTest().save(aCustomer().email(otherEmail).build(), keyed(key, "another request", AT));

    assertThat(reused).isEqualTo(new SaveResult.KeyUsedWithAnotherRequest());
    assertThat(repositoryUnderTest().emailTaken(otherEmail)).isFalse();
  }

  @Test
  default void a_save_refused_for_its_email_stores_no_key() {
    IdempotencyKey key = aUniqueKey();
    Customer first = saved(aCustomer().build());

    SaveResult refused = repositoryUnderTest().save(aCustomer().email(first.email()).build(), keyed(key, "taken", AT));
    SaveResult corrected = repositoryUnderTest().save(aCustomer().build(), keyed(key, "corrected", AT));

    assertThat(refused).isEqualTo(new SaveResult.EmailTaken());
    assertThat(corrected).isInstanceOf(SaveResult.Saved.class);
  }

  @Test
  default void the_same_key_of_two_owners_is_two_keys() {
    String key = aUniqueKey().key();
    Customer mine = savedUnder(new IdempotencyKey("owner-a", key), "request", aCustomer().build());
    Customer theirs = savedUnder(new IdempotencyKey("owner-b", key), "request", aCustomer().build());

    assertThat(theirs.id()).isNotEqualTo(mine.id());
  }

  @Test
  default void an_expired_key_counts_as_absent() {
    IdempotencyKey key = aUniqueKey();
    savedUnder(key, "first request", aCustomer().build());
    Instant later = AT.plus(KEY_TTL).plusSeconds(1);

    SaveResult second =
        repositoryUnderTest().save(aCustomer().dateJoined(later).build(), keyed(key, "second request", later));

    assertThat(second).isInstanceOf(SaveResult.Saved.class);
    assertThat(repositoryUnderTest().save(aCustomer().build(), keyed(key, "second request", later)))
        .isEqualTo(new SaveResult.Replayed(((SaveResult.Saved) second).customer()));
  }

  @Test
  default void deleteExpiredKeys_deletes_up_to_its_batch_of_expired_keys_and_keeps_live_ones() {
    // Long before the keys of every other test, so that only this test's keys have expired at these times.
    Instant past = Instant.parse("1990-01-01T00:00:00Z");
    List<IdempotencyKey> expiring = List.of(aUniqueKey(), aUniqueKey(), aUniqueKey());
    for (IdempotencyKey key : expiring) {
      assertThat(
          repositoryUnderTest().save(aCustomer().build(), new KeyedRequest(key, "r", past, past.plusSeconds(60))))
          .isInstanceOf(SaveResult.Saved.class);
    }
    IdempotencyKey live = aUniqueKey();
    Customer kept = ((SaveResult.Saved) repositoryUnderTest().save(aCustomer().build(),
        new KeyedRequest(live, "r", past, past.plus(KEY_TTL)))).customer();
    Instant now = past.plusSeconds(120);

    int firstBatch = repositoryUnderTest().deleteExpiredKeys(now, 2);
    int secondBatch = repositoryUnderTest().deleteExpiredKeys(now, 2);

    assertThat(firstBatch).isEqualTo(2);
    assertThat(secondBatch).isEqualTo(1);
    assertThat(repositoryUnderTest().deleteExpiredKeys(now, 2)).isZero();
    assertThat(repositoryUnderTest().save(aCustomer().build(), new KeyedRequest(live, "r", now, now.plus(KEY_TTL))))
        .isEqualTo(new SaveResult.Replayed(kept));
  }

  private Customer saved(Customer customer) {
    return ContractSupport.saved(repositoryUnderTest(), customer);
  }

  private Customer found(Customer saved) {
    return ContractSupport.found(repositoryUnderTest(), saved);
  }

  private Customer savedUnder(IdempotencyKey key, String fingerprint, Customer customer) {
    return ContractSupport.savedUnder(repositoryUnderTest(), key, fingerprint, customer);
  }
}
