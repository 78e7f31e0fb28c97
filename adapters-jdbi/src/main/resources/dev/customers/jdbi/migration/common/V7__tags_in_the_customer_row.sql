-- Tags move into their customer's row, as an array in the order the customer gave them: a create then writes one
-- row less per tag, and on H2 three B-trees less (the tags table's rows, its key and its foreign key's index);
-- a read is one query less. The same on H2 and PostgreSQL.
alter table customers add column tags varchar array default cast(array[] as varchar array) not null;
update customers set tags = (select array_agg(tag order by position) from tags where tags.customer_id = customers.id)
where id in (select customer_id from tags);
drop table tags;
