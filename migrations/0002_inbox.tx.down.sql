DROP FUNCTION message_status_rank(text);
DROP TABLE webhook_events;
DROP TABLE early_statuses;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE contacts;
DROP TABLE channel_senders;
DROP TABLE channels;
