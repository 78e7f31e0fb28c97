package dev.customers.testkit;

import static dev.customers.testkit.ContractSupport.RACING_SAVES;
import static dev.customers.testkit.ContractSupport.addressIds;
import static dev.customers.testkit.ContractSupport.inAnotherCase;
import static dev.customers.testkit.ContractSupport.threeAddresses;
import static dev.customers.testkit.ContractSupport.winner;
import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.aUniqueEmail;
import static dev.customers.testkit.Customers.anAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.CustomerRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerRepository} must do with customers: keep every field as saved, assign ids, refuse a
 * second customer of one mailbox ({@link Customer#emailKey()}: an email in any case, composed or not, its domain in
 * Unicode or in punycode), also when saves race, and store nothing of a refused save. One part
 * of {@link CustomerRepositoryContract}; a test class may implement it alone:
 *
 * <pre>{@code
 * class MyStorageTest implements StorageContract {
 *   private final MyCustomerRepository repository = new MyCustomerRepository(...);
 *
 *   @Override
 *   public CustomerRepository repositoryUnderTest() {
 *     return repository;
 *   }
 * }
 * }</pre>
 *
 * <p>The tests need no empty storage: every customer they save has an email no other test uses
 * ({@link Customers#aUniqueEmail()}), so one repository may serve a whole class, or a database kept between runs.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public interface StorageContract extends RoundTripContract {

  /** The repository under test. Tests call it often, from several threads too: answer the same instance. */
  @Override
  CustomerRepository repositoryUnderTest();

  @Test
  default void ids_are_positive_distinct_and_increasing() {
    long first = saved(aCustomer().build()).id().orElseThrow().value();
    long second = saved(aCustomer().build()).id().orElseThrow().value();
    long third = saved(aCustomer().build()).id().orElseThrow().value();

    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  default void every_address_gets_an_id_of_its_own() {
    Customer one = saved(aCustomer().addresses(threeAddresses()).build());
    Customer other = saved(aCustomer().addresses(threeAddresses()).build());

    List<Long> ids = new ArrayList<>(addressIds(one));
    ids.addAll(addressIds(other));

    assertThat(ids).hasSize(6).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
    assertThat(found(one).addresses()).isEqualTo(one.addresses());
    assertThat(found(other).addresses()).isEqualTo(other.addresses());
  }

  @Test
  default void an_unknown_id_finds_nothing() {
    assertThat(repositoryUnderTest().findById(CustomerId.of(Long.MAX_VALUE))).isEmpty();
  }

  @Test
  default void emailTaken_ignores_case() {
    String email = aUniqueEmail();
    saved(aCustomer().email(email).build());

    assertThat(repositoryUnderTest().emailTaken(email)).isTrue();
    assertThat(repositoryUnderTest().emailTaken(email.toUpperCase(Locale.ROOT))).isTrue();
    assertThat(repositoryUnderTest().emailTaken(aUniqueEmail())).isFalse();
  }

  @Test
  default void a_second_save_of_an_email_in_another_case_is_EmailTaken() {
    String email = aUniqueEmail();
    Customer first = saved(aCustomer().email(email).build());

    SaveResult second = repositoryUnderTest().save(aCustomer().email(inAnotherCase(email)).build());

    assertThat(second).isInstanceOf(SaveResult.EmailTaken.class);
    assertThat(found(first)).isEqualTo(first);
  }

  /**
   * Another spelling of one mailbox is that mailbox: each is refused after its plain twin, and the first keeps the
   * email as it was sent. (Spellings with invisible characters never reach a repository: the rules refuse them.)
   */
  @Test
  default void a_second_save_of_another_spelling_of_one_mailbox_is_EmailTaken() {
    String local = aUniqueEmail().replace("@example.com", "");
    String[][] twins = {
        // Fullwidth letters, which IDNA maps to ASCII.
        {local + "@example.com", local + "@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"},
        {local + ".idn@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", local + ".idn@example.com"},
        // A domain in Unicode and in punycode, either first.
        {local + "@ex\u00e4mple.com", local + "@xn--exmple-cua.com"},
        {local + ".puny@xn--exmple-cua.com", local + ".puny@ex\u00e4mple.com"},
        // An accented local part, in another case.
        {"jos\u00e9." + local + "@example.com", "JOS\u00c9." + local + "@example.com"},
    };
    for (String[] twin : twins) {
      Customer first = saved(aCustomer().email(twin[0]).build());

      SaveResult second = repositoryUnderTest().save(aCustomer().email(twin[1]).build());

      assertThat(second).as(twin[1] + " after " + twin[0]).isInstanceOf(SaveResult.EmailTaken.class);
      assertThat(repositoryUnderTest().emailTaken(twin[1])).as(twin[1]).isTrue();
      assertThat(found(first).email()).isEqualTo(twin[0]);
    }
  }

  @Test
  default void of_32_racing_saves_of_one_email_exactly_one_wins_and_the_others_hear_EmailTaken() throws Exception {
    List<SaveResult> results = racingSavesOfOneEmail();

    assertThat(results).filteredOn(SaveResult.Saved.class::isInstance).hasSize(1);
    assertThat(results).filteredOn(SaveResult.EmailTaken.class::isInstance).hasSize(RACING_SAVES - 1);
    Customer winner = winner(results);
    assertThat(found(winner)).isEqualTo(winner);
  }

  @Test
  default void a_refused_save_leaves_nothing_behind() {
    String email = aUniqueEmail();
    Customer first = saved(aCustomer()
        .email(email)
        .tags(List.of("first"))
        .addresses(List.of(anAddress().line1("1 First Street").build()))
        .build());

    SaveResult refused = repositoryUnderTest().save(aCustomer()
        .email(inAnotherCase(email))
        .tags(List.of("refused", "other"))
        .addresses(threeAddresses())
        .build());
    Customer next = saved(aCustomer().tags(List.of("next")).build());

    assertThat(refused).isInstanceOf(SaveResult.EmailTaken.class);
    assertThat(found(first)).isEqualTo(first);
    assertThat(found(next)).isEqualTo(next);
    long firstId = first.id().orElseThrow().value();
    long nextId = next.id().orElseThrow().value();
    for (long id = firstId + 1; id < nextId; id++) {
      assertThat(repositoryUnderTest().findById(CustomerId.of(id))).as("customer %d, saved by no one", id).isEmpty();
    }
  }

  @Test
  default void a_customer_that_already_has_an_id_is_refused() {
    Customer saved = saved(aCustomer().build());

    assertThatThrownBy(() -> repositoryUnderTest().save(saved)).isInstanceOf(IllegalArgumentException.class);
  }

  private Customer saved(Customer customer) {
    return ContractSupport.saved(repositoryUnderTest(), customer);
  }

  private Customer found(Customer saved) {
    return ContractSupport.found(repositoryUnderTest(), saved);
  }

  private List<SaveResult> racingSavesOfOneEmail() throws Exception {
    return ContractSupport.racingSavesOfOneEmail(repositoryUnderTest());
  }
}
