DROP INDEX messages_public_token_key;
ALTER TABLE messages DROP COLUMN public_token;
DROP TABLE opt_outs;
DROP TABLE consent_events;
