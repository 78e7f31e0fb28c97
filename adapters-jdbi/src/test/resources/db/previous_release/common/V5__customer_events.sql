-- The customer.created event of every customer (a transactional outbox), the same on H2 and PostgreSQL. A save
-- inserts the event in the customer's own transaction; the unique customer_id makes it one per customer. A pending
-- event has a next_attempt_at (its occurred_at at first) and is due from then on unless a lease holds it
-- (lease_until in the future); a claim sets the lease and its token, a report clears them. Delivered and failed
-- events have a finished_at instead. Claims search by next_attempt_at, pruning by occurred_at. The status check is
-- "= any (array[...])", not "in (...)": H2 2.4.240 evaluates a check's IN list (or ORs of equalities) with the
-- session that made the table, and fails every insert once that connection has closed (a pool retires it).
create table customer_events (
  event_id        uuid primary key,
  customer_id     bigint not null references customers (id),
  occurred_at     timestamp(6) with time zone not null,
  status          varchar(9) default 'pending' not null,
  attempts        integer default 0 not null,
  next_attempt_at timestamp(6) with time zone,
  lease_token     uuid,
  lease_until     timestamp(6) with time zone,
  finished_at     timestamp(6) with time zone,
  constraint customer_events_one_per_customer unique (customer_id),
  constraint customer_events_status check (status = any (array['pending', 'delivered', 'failed'])),
  constraint customer_events_due_while_pending check ((status = 'pending') = (next_attempt_at is not null)),
  constraint customer_events_finished_unless_pending check ((status = 'pending') = (finished_at is null))
);

create index customer_events_next_attempt_at on customer_events (next_attempt_at);
create index customer_events_occurred_at on customer_events (occurred_at);
