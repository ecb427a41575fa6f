DROP INDEX campaign_recipients_contact_idx;
ALTER TABLE campaigns DROP COLUMN duplicates;
DROP TABLE campaign_files;
