DROP INDEX early_statuses_received_idx;
ALTER TABLE early_statuses DROP COLUMN received_at;
DROP INDEX webhook_events_held_idx;
ALTER TABLE webhook_events DROP COLUMN held_at;
