package dev.customers.spring.autoconfigure;

import dev.customers.domain.CreateCustomer;
import dev.customers.domain.events.PruneEvents;
import dev.customers.jdbi.JdbiCustomerRepository;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code customers.*} properties of a Spring Boot application that embeds customers. */
@ConfigurationProperties("customers")
public class CustomersProperties {

  /**
   * Schema of the customer tables and their history table, customers_schema_history: an SQL identifier in lower
   * case, made when missing. Tables that a release before kept in the default schema move there on start.
   */
  private String schema = JdbiCustomerRepository.DEFAULT_SCHEMA;

  /**
   * Whether the repository brings its tables up to date on start. Off, it checks that they are up to date and
   * refuses to start otherwise: migrate apart with JdbiCustomerRepository.migrate(dataSource, schema).
   */
  private boolean migrate = true;

  private final Events events = new Events();

  private final Idempotency idempotency = new Idempotency();

  private final Housekeeping housekeeping = new Housekeeping();

  public String getSchema() {
    return schema;
  }

  public void setSchema(String schema) {
    this.schema = schema;
  }

  public boolean isMigrate() {
    return migrate;
  }

  public void setMigrate(boolean migrate) {
    this.migrate = migrate;
  }

  public Events getEvents() {
    return events;
  }

  public Idempotency getIdempotency() {
    return idempotency;
  }

  public Housekeeping getHousekeeping() {
    return housekeeping;
  }

  /** The customer.created events. */
  public static class Events {

    /**
     * Whether an event relay hands every customer.created event to the application's CustomerCreatedListener beans,
     * from the start of the context to its stop. Without such a bean no relay runs.
     */
    private boolean relay = true;

    /**
     * How long an event is kept, whatever its state, before housekeeping deletes it; longer than the relay's retries
     * (3.6 days).
     */
    private Duration retention = PruneEvents.DEFAULT_RETENTION;

    public boolean isRelay() {
      return relay;
    }

    public void setRelay(boolean relay) {
      this.relay = relay;
    }

    public Duration getRetention() {
      return retention;
    }

    public void setRetention(Duration retention) {
      this.retention = retention;
    }
  }

  /** Idempotency keys of creates (safe retries). */
  public static class Idempotency {

    /** How long a create's idempotency key answers a retry with the first customer. */
    private Duration keyTtl = CreateCustomer.DEFAULT_KEY_TTL;

    public Duration getKeyTtl() {
      return keyTtl;
    }

    public void setKeyTtl(Duration keyTtl) {
      this.keyTtl = keyTtl;
    }
  }

  /** The background deletion of old events and expired idempotency keys. */
  public static class Housekeeping {

    /** Whether old events and expired idempotency keys are deleted in the background while the context runs. */
    private boolean enabled = true;

    /** How often housekeeping runs. */
    private Duration interval = Duration.ofMinutes(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }
  }
}
