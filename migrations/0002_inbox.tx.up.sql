CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A channel is one provider connection; credentials are secrets the API
-- never returns.
CREATE TABLE channels (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('whatsapp_cloud', 'sandbox', 'sms_twilio')),
    name        text NOT NULL,
    enabled     boolean NOT NULL DEFAULT true,
    base_url    text NOT NULL DEFAULT '',
    credentials jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_account_idx ON channels (account_id);

-- The numbers a channel sends from (the pool of numbers).
CREATE TABLE channel_senders (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    channel_id   bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    phone_number text NOT NULL,
    provider_id  text NOT NULL DEFAULT '',
    name         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, phone_number)
);
CREATE UNIQUE INDEX channel_senders_provider_idx ON channel_senders (channel_id, provider_id) WHERE provider_id <> '';

CREATE TABLE contacts (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            text NOT NULL DEFAULT '',
    sms_number      text,
    whatsapp_number text,
    -- business-scoped WhatsApp user id, for payloads that carry no number
    wa_user_id      text,
    attributes      jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_whatsapp_key ON contacts (account_id, whatsapp_number);
CREATE UNIQUE INDEX contacts_sms_key ON contacts (account_id, sms_number);
CREATE UNIQUE INDEX contacts_wa_user_key ON contacts (account_id, wa_user_id);
CREATE INDEX contacts_name_trgm ON contacts USING gin (name gin_trgm_ops);
CREATE INDEX contacts_numbers_trgm ON contacts USING gin ((coalesce(whatsapp_number, '') || ' ' || coalesce(sms_number, '')) gin_trgm_ops);

CREATE TABLE conversations (
    id                   bigserial PRIMARY KEY,
    account_id           bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id           bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    channel_id           bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    sender_id            bigint NOT NULL REFERENCES channel_senders (id),
    status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    snoozed_until        timestamptz,
    assignee_id          bigint REFERENCES users (id) ON DELETE SET NULL,
    queue_id             bigint,
    last_message_at      timestamptz NOT NULL DEFAULT now(),
    last_message_preview text NOT NULL DEFAULT '',
    last_inbound_at      timestamptz,
    unread_count         integer NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
-- At most one unresolved conversation per contact, channel and sender: the
-- ingest upserts on it, so bursts cannot open two.
CREATE UNIQUE INDEX conversations_current_key ON conversations (account_id, contact_id, channel_id, sender_id)
    WHERE status <> 'resolved';
CREATE INDEX conversations_list_idx ON conversations (account_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_status_idx ON conversations (account_id, status, last_message_at DESC, id DESC);
CREATE INDEX conversations_assignee_idx ON conversations (account_id, assignee_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_contact_idx ON conversations (contact_id, id DESC);
CREATE INDEX conversations_snoozed_idx ON conversations (snoozed_until) WHERE status = 'snoozed';

CREATE TABLE messages (
    id                  bigserial PRIMARY KEY,
    account_id          bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    conversation_id     bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    channel_id          bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    direction           text NOT NULL CHECK (direction IN ('in', 'out')),
    -- text, image, audio, video, document, sticker, location, contacts,
    -- interactive, reaction, template, note, unsupported
    kind                text NOT NULL,
    body                text NOT NULL DEFAULT '',
    media               jsonb,
    location            jsonb,
    extra               jsonb NOT NULL DEFAULT '{}',
    provider_message_id text,
    reply_to_id         bigint REFERENCES messages (id) ON DELETE SET NULL,
    reply_to_provider_id text,
    -- received (inbound); queued, sent, delivered, read, failed, unknown (outbound)
    status              text NOT NULL,
    error_code          text NOT NULL DEFAULT '',
    error_title         text NOT NULL DEFAULT '',
    author_id           bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    provider_at         timestamptz,
    status_at           timestamptz
);
CREATE UNIQUE INDEX messages_provider_key ON messages (channel_id, provider_message_id);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id DESC);
CREATE INDEX messages_body_trgm ON messages USING gin (body gin_trgm_ops);

-- Statuses that arrive before the send that produced the provider id has
-- been recorded; applied when it is.
CREATE TABLE early_statuses (
    channel_id          bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    provider_message_id text NOT NULL,
    status              text NOT NULL,
    error_code          text NOT NULL DEFAULT '',
    error_title         text NOT NULL DEFAULT '',
    at                  timestamptz NOT NULL,
    PRIMARY KEY (channel_id, provider_message_id, status)
);

-- Every webhook is stored raw before it is acknowledged, then processed.
CREATE TABLE webhook_events (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    channel_id   bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    provider     text NOT NULL,
    payload      bytea NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    attempts     integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error   text NOT NULL DEFAULT ''
);
CREATE INDEX webhook_events_pending_idx ON webhook_events (next_attempt_at, id) WHERE processed_at IS NULL;

-- Delivery statuses only move forward: a status replaces another only when
-- its rank is higher (a late "delivered" never downgrades "read"; "failed"
-- replaces queued/sent but not delivered/read).
CREATE FUNCTION message_status_rank(s text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE s
        WHEN 'received' THEN 0
        WHEN 'queued' THEN 10
        WHEN 'unknown' THEN 15
        WHEN 'sent' THEN 20
        WHEN 'failed' THEN 25
        WHEN 'delivered' THEN 30
        WHEN 'read' THEN 40
        WHEN 'played' THEN 50
        ELSE 0 END
$$;
