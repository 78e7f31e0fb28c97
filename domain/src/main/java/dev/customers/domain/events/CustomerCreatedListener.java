package dev.customers.domain.events;

/**
 * What an {@link EventRelay} hands each stored {@link CustomerCreated} event to: send a welcome mail, sync a CRM,
 * post a webhook. Called at least once per event, from the relay's threads, possibly for several events at once;
 * the event counts as delivered only when this returns. Throwing anything means "not now": the relay tries again
 * later. So an event may come twice (after a crash, or when a slow return outlives the lease): de-duplicate by
 * {@link CustomerCreated#eventId()} where that matters.
 */
@FunctionalInterface
public interface CustomerCreatedListener {

  void onCustomerCreated(CustomerCreated event) throws Exception;
}
