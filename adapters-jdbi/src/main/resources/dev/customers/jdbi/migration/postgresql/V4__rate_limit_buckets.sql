-- The rate limit shared by every server on this database: one token bucket per access token, known only by the
-- SHA-256 of the token (never the token). A request takes one unit in a single statement (JdbiRateLimit).
-- (V3 is another feature's; Flyway allows gaps.)
create table rate_limit_buckets (
  token_hash  bytea primary key,
  tokens      double precision not null,
  refilled_at timestamp(6) with time zone not null,
  constraint rate_limit_buckets_hash_is_sha256 check (octet_length(token_hash) = 32)
);
