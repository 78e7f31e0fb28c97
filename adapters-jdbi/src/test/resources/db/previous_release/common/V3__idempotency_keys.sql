-- Idempotency keys, the same on H2 and PostgreSQL. The primary key makes a key unique per owner (a hash of the
-- caller's token), so of two creates racing under one key the database lets one in. A key is inserted before its
-- customer and given the customer's id in the same transaction: a committed key always has one. Expired keys are
-- deleted in batches, oldest first, by the expires_at index.
create table idempotency_keys (
  owner           varchar(128) not null,
  idempotency_key varchar(255) not null,
  fingerprint     varchar(128) not null,
  customer_id     bigint references customers (id),
  expires_at      timestamp(6) with time zone not null,
  constraint idempotency_keys_pkey primary key (owner, idempotency_key)
);

create index idempotency_keys_expires_at on idempotency_keys (expires_at);
