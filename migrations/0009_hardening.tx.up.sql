-- A webhook for a disabled channel is stored (it was acknowledged) but held:
-- not processed, routed or notified until the channel is enabled again.
ALTER TABLE webhook_events ADD COLUMN held_at timestamptz;
CREATE INDEX webhook_events_held_idx ON webhook_events (channel_id) WHERE held_at IS NOT NULL AND processed_at IS NULL;

-- Statuses for messages not yet known are pruned with the other retention.
ALTER TABLE early_statuses ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX early_statuses_received_idx ON early_statuses (received_at);
