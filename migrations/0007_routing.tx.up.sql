-- A queue is a team of agents with an assignment mode.
CREATE TABLE queues (
    id                 bigserial PRIMARY KEY,
    account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name               text NOT NULL,
    mode               text NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto', 'manual', 'first_reply')),
    -- {"timezone": "Europe/Vienna", "days": {"mon": [["09:00", "17:00"]], …}}; null = always open
    business_hours     jsonb,
    out_of_hours_reply text NOT NULL DEFAULT '',
    rr_last_user_id    bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX queues_name_key ON queues (account_id, lower(name));

CREATE TABLE queue_members (
    queue_id   bigint NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    capacity   integer NOT NULL DEFAULT 5 CHECK (capacity BETWEEN 1 AND 1000),
    position   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX queue_members_user_idx ON queue_members (user_id);

ALTER TABLE conversations
    ADD CONSTRAINT conversations_queue_fkey FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE SET NULL,
    ADD COLUMN queued_at timestamptz,
    ADD COLUMN out_of_hours_replied_at timestamptz;
CREATE INDEX conversations_waiting_idx ON conversations (queue_id, queued_at, id)
    WHERE assignee_id IS NULL AND status <> 'resolved';
CREATE INDEX conversations_open_assignee_idx ON conversations (assignee_id)
    WHERE status IN ('open', 'pending');

-- Where new inbound conversations of a sender number go: a queue or an
-- extension (one agent).
ALTER TABLE channel_senders
    ADD COLUMN route_queue_id bigint REFERENCES queues (id) ON DELETE SET NULL,
    ADD COLUMN route_user_id bigint REFERENCES users (id) ON DELETE SET NULL;

-- Agent presence: the status the agent chose, and when one of their
-- websocket connections was last seen; offline once that is older than the
-- grace period.
CREATE TABLE agent_presence (
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'busy', 'offline')),
    last_seen_at timestamptz,
    announced    text NOT NULL DEFAULT 'offline',
    PRIMARY KEY (account_id, user_id)
);

-- Who routed a conversation where, and when.
CREATE TABLE conversation_history (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    actor_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    queue_id        bigint REFERENCES queues (id) ON DELETE SET NULL,
    user_id         bigint REFERENCES users (id) ON DELETE SET NULL,
    note            text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_history_conv_idx ON conversation_history (conversation_id, id);
