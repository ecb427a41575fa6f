DROP TABLE contact_group_history;
DROP TABLE contact_group_members;
DROP TABLE contact_groups;
ALTER TABLE accounts DROP COLUMN language, DROP COLUMN keyword_replies, DROP COLUMN start_words,
    DROP COLUMN stop_words, DROP COLUMN inbound_is_opt_in;
DROP TABLE consent_history;
DROP TABLE consents;
