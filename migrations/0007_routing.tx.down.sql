DROP TABLE conversation_history;
DROP TABLE agent_presence;
ALTER TABLE channel_senders DROP COLUMN route_user_id, DROP COLUMN route_queue_id;
DROP INDEX conversations_open_assignee_idx;
DROP INDEX conversations_waiting_idx;
ALTER TABLE conversations DROP CONSTRAINT conversations_queue_fkey,
    DROP COLUMN queued_at, DROP COLUMN out_of_hours_replied_at;
DROP TABLE queue_members;
DROP TABLE queues;
