package dev.customers.benchmarks;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.testkit.Customers;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.time.Clock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The use case alone: every field rule of the realistic request, and a save that costs next to nothing. */
@State(Scope.Benchmark)
public class CreateCustomerInMemory {

  private CreateCustomer createCustomer;

  /** A fresh repository each iteration, so that the heap does not fill up with millions of customers. */
  @Setup(Level.Iteration)
  public void setUp() {
    createCustomer = new CreateCustomer(new InMemoryCustomerRepository(), Clock.systemUTC());
  }

  @Benchmark
  public Customer create() {
    return createCustomer.create(Customers.aNewCustomerCommand().build()).customer();
  }
}
