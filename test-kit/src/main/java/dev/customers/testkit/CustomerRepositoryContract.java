package dev.customers.testkit;

import dev.customers.domain.CustomerRepository;
import dev.customers.domain.events.EventOutbox;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * What every {@link CustomerRepository} must do, with the {@link EventOutbox} of the events its saves store: the
 * tests of {@link StorageContract}, {@link IdempotencyKeyContract} and {@link EventOutboxContract} together. A
 * storage adapter proves it by a small subclass that provides the repository under test (and its outbox, when the
 * repository is not one itself):
 *
 * <pre>{@code
 * class MyCustomerRepositoryTest extends CustomerRepositoryContract {
 *   private final MyCustomerRepository repository = new MyCustomerRepository(...);
 *
 *   @Override
 *   public CustomerRepository repositoryUnderTest() {
 *     return repository; // also the outbox, outboxUnderTest() by default; else override that too
 *   }
 * }
 * }</pre>
 *
 * <p>Every test is public and may be overridden: an adapter that cannot meet one as written (in another
 * repository, say) overrides it, says why, and tests what it can instead. A storage that is only part of the
 * picture (one without an outbox, say) implements the interfaces it meets rather than extending this class.
 *
 * <p>The tests need no empty storage: every customer they save has an email no other test uses
 * ({@link Customers#aUniqueEmail()}), so one repository may serve a whole class, or a database kept between runs.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class CustomerRepositoryContract
    implements StorageContract, IdempotencyKeyContract, EventOutboxContract {

  /** The repository under test. Tests call it often, from several threads too: answer the same instance. */
  @Override
  public abstract CustomerRepository repositoryUnderTest();

  /** The outbox of the events that {@link #repositoryUnderTest()} stores: by default the repository itself. */
  @Override
  public EventOutbox outboxUnderTest() {
    return (EventOutbox) repositoryUnderTest();
  }
}
