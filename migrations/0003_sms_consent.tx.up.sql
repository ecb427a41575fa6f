-- Every consent change is kept with its source and time: STOP/START keywords
-- now; opt-in records, the widget and groups join this history later.
CREATE TABLE consent_events (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id   bigint REFERENCES contacts (id) ON DELETE SET NULL,
    channel_kind text NOT NULL CHECK (channel_kind IN ('sms', 'whatsapp')),
    sender_id    bigint REFERENCES channel_senders (id) ON DELETE SET NULL,
    number       text NOT NULL,
    action       text NOT NULL CHECK (action IN ('opt_in', 'opt_out')),
    source       text NOT NULL,
    message_id   bigint REFERENCES messages (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_events_contact_idx ON consent_events (account_id, contact_id, id DESC);

-- Current opt-outs: a number that may not be sent to from a sender number.
CREATE TABLE opt_outs (
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sender_id  bigint NOT NULL REFERENCES channel_senders (id) ON DELETE CASCADE,
    number     text NOT NULL,
    contact_id bigint REFERENCES contacts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sender_id, number)
);
CREATE INDEX opt_outs_contact_idx ON opt_outs (account_id, contact_id);

-- A short-lived public link for MMS media, which the SMS provider fetches.
ALTER TABLE messages ADD COLUMN public_token text;
CREATE UNIQUE INDEX messages_public_token_key ON messages (public_token) WHERE public_token IS NOT NULL;
