-- An import may put every contact of its file into a group.
ALTER TABLE contact_imports ADD COLUMN group_id bigint REFERENCES contact_groups (id) ON DELETE SET NULL;
