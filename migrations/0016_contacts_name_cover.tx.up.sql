-- A name searched under the name sort reads a long stretch of the name order
-- from this index alone: it carries the searched text.
CREATE INDEX contacts_sort_name_cover_idx ON contacts (account_id, sort_name, id) INCLUDE (search_text);
DROP INDEX contacts_sort_name_idx;
