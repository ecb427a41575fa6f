CREATE INDEX contacts_sort_name_idx ON contacts (account_id, sort_name, id);
DROP INDEX contacts_sort_name_cover_idx;
