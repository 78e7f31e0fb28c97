package dev.customers.benchmarks;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.testkit.Customers;
import java.time.Clock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a create costs end to end below HTTP: the field rules, and the customer, two addresses and three tags
 * written in one transaction by {@link JdbiCustomerRepository} (whose unique index settles a taken email), as the
 * server wires it.
 */
@State(Scope.Benchmark)
public class CreateCustomerOnH2 {

  @Param({H2Database.MEMORY, H2Database.FILE})
  public String database;

  private H2Database h2;
  private JdbiCustomerRepository repository;
  private CreateCustomer createCustomer;

  @Setup(Level.Trial)
  public void setUp() {
    h2 = H2Database.fresh(database);
    repository = JdbiCustomerRepository.open(h2.url, "sa", "");
    createCustomer = new CreateCustomer(repository, Clock.systemUTC());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    repository.close();
    h2.close();
  }

  @Benchmark
  public Customer create() {
    return createCustomer.create(Customers.aNewCustomerCommand().build()).customer();
  }
}
