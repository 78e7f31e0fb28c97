-- What a later release might add; applied by tests to make a schema newer than this release knows.
create table from_a_newer_release (id integer);
