ALTER TABLE contact_imports DROP COLUMN group_id;
