-- H2 gave the foreign key of addresses.customer_id an index of its own beside the unique (customer_id, position)
-- of V2 (it uses only an index on exactly a key's columns), so every create wrote two indexes that both find a
-- customer's addresses. The key's index stays and serves that lookup (a read sorts the few addresses by position);
-- the unique one goes: positions are written by the repository alone, 0 to n - 1 in one statement. PostgreSQL
-- makes no index for a foreign key and keeps the unique one.
alter table addresses drop constraint addresses_position;
