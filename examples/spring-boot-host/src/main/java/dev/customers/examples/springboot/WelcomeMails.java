package dev.customers.examples.springboot;

import dev.customers.domain.CustomerId;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.CustomerCreatedListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

// --- docs example starts ---
/**
 * The shop's listener of {@code customer.created}: the starter's event relay hands it every stored customer's event,
 * at least once, from the start of the context to its stop. A real shop would send its welcome mail here.
 */
@Component
class WelcomeMails implements CustomerCreatedListener {

  private final List<CustomerId> welcomed = new CopyOnWriteArrayList<>();

  @Override
  public void onCustomerCreated(CustomerCreated event) {
    welcomed.add(event.customerId());
  }

  List<CustomerId> welcomed() {
    return List.copyOf(welcomed);
  }
}
// --- docs example ends ---
