-- User names are unique ignoring case: username_key holds the lower-cased name under a unique constraint
-- (a plain column, since H2 has no index on an expression). Accounts that differ only in case, possible before,
-- keep their names; the later ones get '#<id>' in their key.
alter table rater add column username_key varchar(130);
update rater set username_key = lower(username);
update rater set username_key = username_key || '#' || cast(id as varchar(20))
    where exists (select 1 from rater older where lower(older.username) = lower(rater.username) and older.id < rater.id);
alter table rater alter column username_key set not null;
alter table rater add constraint rater_username_key_unique unique (username_key);
