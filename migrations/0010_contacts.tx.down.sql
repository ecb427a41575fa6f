DROP TABLE user_preferences;
DROP TABLE contact_attributes;
DROP INDEX contacts_created_idx;
DROP INDEX contacts_whatsapp_prefix_idx;
DROP INDEX contacts_sms_prefix_idx;
DROP INDEX contacts_search_trgm;
CREATE INDEX contacts_name_trgm ON contacts USING gin (name gin_trgm_ops);
ALTER TABLE contacts
    DROP COLUMN search_text,
    DROP COLUMN sort_name,
    DROP COLUMN last_chat_at,
    DROP COLUMN first_contact_at,
    DROP COLUMN blocked,
    DROP COLUMN status,
    DROP COLUMN last_name,
    DROP COLUMN first_name;
ALTER TABLE accounts DROP COLUMN default_country;
