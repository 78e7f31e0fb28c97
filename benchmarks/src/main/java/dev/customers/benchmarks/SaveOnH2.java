package dev.customers.benchmarks;

import dev.customers.domain.Address;
import dev.customers.domain.CreateCustomer;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.testkit.Customers;
import dev.customers.testkit.InMemoryCustomerRepository;
import java.time.Clock;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The storage part of {@link CreateCustomerOnH2} alone: {@link JdbiCustomerRepository#save} of the realistic
 * customer, already checked. Against {@link PlainJdbcOnH2} it shows what the adapter adds to the rows' own cost.
 */
@State(Scope.Benchmark)
public class SaveOnH2 {

  @Param({H2Database.MEMORY, H2Database.FILE, H2Database.FILE_SYNC})
  public String database;

  private H2Database h2;
  private JdbiCustomerRepository repository;
  private Customer checked;

  @Setup(Level.Trial)
  public void setUp() {
    h2 = H2Database.fresh(database);
    repository = JdbiCustomerRepository.open(h2.url, "sa", "", database.equals(H2Database.FILE_SYNC)
        ? JdbiCustomerRepository.Durability.POWER_LOSS : JdbiCustomerRepository.Durability.PROCESS_CRASH);
    Customer created = new CreateCustomer(new InMemoryCustomerRepository(), Clock.systemUTC())
        .create(Customers.aNewCustomerCommand().build()).customer();
    checked = Customer.builder().from(created)
        .id(Optional.empty())
        .addresses(created.addresses().stream()
            .map(address -> Address.builder().from(address).id(Optional.empty()).build())
            .toList())
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    repository.close();
    h2.close();
  }

  @Benchmark
  public SaveResult save() {
    return repository.save(Customer.builder().from(checked).email(Customers.aUniqueEmail()).build());
  }
}
