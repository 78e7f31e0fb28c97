-- A migration that fails after its first statement: PostgreSQL rolls the table back, H2 keeps it.
create table half_done (id integer);
insert into no_such_table (id) values (1);
