package dev.customers.testkit;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.EventOutbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CustomerRepository} in memory, with a database's guarantees: thread-safe, ids assigned in order, emails
 * unique by their mailbox ({@link Customer#emailKey()}) even when saves race (exactly one wins), nothing stored by a
 * save that fails; idempotency keys unique per owner, claimed atomically before the customer is saved; each stored
 * customer's {@link CustomerCreated} event stored with it, for an {@link dev.customers.domain.events.EventRelay} (so a
 * test can assert that a listener heard of a customer).
 */
public final class InMemoryCustomerRepository implements CustomerRepository, EventOutbox {

  private final Map<CustomerId, Customer> byId = new ConcurrentHashMap<>();
  private final Map<String, CustomerId> idByEmail = new ConcurrentHashMap<>();
  private final AtomicLong customerIds = new AtomicLong();
  private final AtomicLong addressIds = new AtomicLong();
  /** Keys by owner and key; a claim without a customer id is a save under way. */
  private final Map<IdempotencyKey, Claim> claims = new ConcurrentHashMap<>();
  /** Every event and its delivery, in the order stored; guarded by itself. */
  private final Map<UUID, StoredEvent> events = new LinkedHashMap<>();

  /** An event and how far its delivery has gone. */
  private static final class StoredEvent {
    final CustomerCreated event;
    Status status = Status.PENDING;
    int attempts;
    Instant nextAttemptAt;
    Instant finishedAt;
    UUID leaseToken;
    Instant leaseUntil;

    StoredEvent(CustomerCreated event) {
      this.event = event;
      // Due at once: from when it occurred, which is when its save ran.
      this.nextAttemptAt = event.occurredAt();
    }

    boolean leasedAt(Instant now) {
      return leaseUntil != null && leaseUntil.isAfter(now);
    }

    EventState state() {
      return new EventState(event, status, attempts,
          status == Status.PENDING ? Optional.of(nextAttemptAt) : Optional.empty(), Optional.ofNullable(finishedAt));
    }
  }

  /** A key taken by a save: its request, and the customer it made once that save has stored it. */
  private static final class Claim {
    final KeyedRequest request;
    volatile CustomerId made;

    Claim(KeyedRequest request) {
      this.request = request;
    }
  }

  @Override
  public SaveResult save(Customer customer) {
    if (customer.id().isPresent()) {
      throw new IllegalArgumentException(
          "Only a new customer (without id) can be saved, got id " + customer.id().get());
    }
    String key = customer.emailKey();
    // The email is claimed before the customer is visible: the atomic putIfAbsent is the unique index.
    CustomerId id = CustomerId.of(customerIds.incrementAndGet());
    if (idByEmail.putIfAbsent(key, id) != null) {
      return new SaveResult.EmailTaken();
    }
    List<Address> addresses = new ArrayList<>(customer.addresses().size());
    for (Address address : customer.addresses()) {
      addresses.add(address.withId(AddressId.of(addressIds.incrementAndGet())));
    }
    Customer stored = customer.withId(id).withAddresses(addresses);
    CustomerCreated event = CustomerCreated.of(stored);
    // The event first: whoever sees the customer can see its event.
    synchronized (events) {
      events.put(event.eventId(), new StoredEvent(event));
    }
    byId.put(id, stored);
    return new SaveResult.Saved(stored);
  }

  @Override
  public SaveResult save(Customer customer, KeyedRequest request) {
    Claim mine = new Claim(request);
    // The atomic compute is the unique key: of racing saves under one key, one claims it; an expired key is free.
    Claim found = claims.compute(request.key(), (key, earlier) ->
        earlier == null || !earlier.request.expiresAt().isAfter(request.receivedAt()) ? mine : earlier);
    if (found != mine) {
      if (!found.request.fingerprint().equals(request.fingerprint())) {
        return new SaveResult.KeyUsedWithAnotherRequest();
      }
      CustomerId made = found.made;
      return made == null ? new SaveResult.KeyInFlight() : new SaveResult.Replayed(byId.get(made));
    }
    SaveResult result;
    try {
      result = save(customer);
    } catch (RuntimeException e) {
      claims.remove(request.key(), mine);
      throw e;
    }
    if (result instanceof SaveResult.Saved saved) {
      mine.made = saved.customer().id().orElseThrow();
    } else {
      claims.remove(request.key(), mine);
    }
    return result;
  }

  @Override
  public int deleteExpiredKeys(Instant now, int max) {
    int deleted = 0;
    for (Map.Entry<IdempotencyKey, Claim> entry : claims.entrySet()) {
      if (deleted == max) {
        break;
      }
      Claim claim = entry.getValue();
      if (!claim.request.expiresAt().isAfter(now) && claims.remove(entry.getKey(), claim)) {
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public Optional<Customer> findById(CustomerId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public boolean emailTaken(String email) {
    return idByEmail.containsKey(Customer.emailKey(email));
  }

  @Override
  public List<Claimed> claimDue(Instant now, Instant leaseUntil, int max) {
    synchronized (events) {
      List<StoredEvent> due = new ArrayList<>();
      for (StoredEvent stored : events.values()) {
        if (stored.status == Status.PENDING && !stored.nextAttemptAt.isAfter(now) && !stored.leasedAt(now)) {
          due.add(stored);
        }
      }
      due.sort(Comparator.comparing(stored -> stored.nextAttemptAt));
      List<Claimed> claimed = new ArrayList<>();
      for (StoredEvent stored : due.subList(0, Math.min(max, due.size()))) {
        stored.attempts++;
        stored.leaseToken = UUID.randomUUID();
        stored.leaseUntil = leaseUntil;
        claimed.add(new Claimed(stored.event, new Lease(stored.event.eventId(), stored.leaseToken), stored.attempts));
      }
      return claimed;
    }
  }

  @Override
  public boolean delivered(Lease lease, Instant at) {
    return finish(lease, Status.DELIVERED, at);
  }

  @Override
  public boolean failed(Lease lease, Instant at) {
    return finish(lease, Status.FAILED, at);
  }

  private boolean finish(Lease lease, Status status, Instant at) {
    synchronized (events) {
      StoredEvent stored = held(lease);
      if (stored == null) {
        return false;
      }
      stored.status = status;
      stored.finishedAt = at;
      stored.leaseToken = null;
      stored.leaseUntil = null;
      return true;
    }
  }

  @Override
  public boolean retryAt(Lease lease, Instant nextAttemptAt) {
    synchronized (events) {
      StoredEvent stored = held(lease);
      if (stored == null) {
        return false;
      }
      stored.nextAttemptAt = nextAttemptAt;
      stored.leaseToken = null;
      stored.leaseUntil = null;
      return true;
    }
  }

  /** The pending event the lease holds; null when another claim took it over or it is finished. */
  private StoredEvent held(Lease lease) {
    StoredEvent stored = events.get(lease.eventId());
    return stored != null && stored.status == Status.PENDING && lease.token().equals(stored.leaseToken)
        ? stored : null;
  }

  @Override
  public int prune(Instant occurredBefore, Instant now, int max) {
    int deleted = 0;
    synchronized (events) {
      for (Iterator<StoredEvent> all = events.values().iterator(); all.hasNext() && deleted < max; ) {
        StoredEvent stored = all.next();
        if (stored.event.occurredAt().isBefore(occurredBefore) && !stored.leasedAt(now)) {
          all.remove();
          deleted++;
        }
      }
    }
    return deleted;
  }

  @Override
  public List<EventState> eventsOf(CustomerId customerId) {
    List<EventState> found = new ArrayList<>();
    synchronized (events) {
      for (StoredEvent stored : events.values()) {
        if (stored.event.customerId().equals(customerId)) {
          found.add(stored.state());
        }
      }
    }
    return found;
  }

  /** How many customers are stored. */
  public int size() {
    return byId.size();
  }
}
