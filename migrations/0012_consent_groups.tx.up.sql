-- Consent belongs to the number, not to the phone-book entry: per account,
-- number and channel kind, the current state and where it came from.
CREATE TABLE consents (
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    number       text NOT NULL,
    channel_kind text NOT NULL CHECK (channel_kind IN ('whatsapp', 'sms')),
    state        text NOT NULL CHECK (state IN ('granted', 'revoked', 'pending')),
    -- inbound_message, keyword, widget, import, api, agent, provider
    source       text NOT NULL,
    -- the sender number reached, the file name, the keyword, the error code…
    detail       text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    token_id     bigint REFERENCES api_tokens (id) ON DELETE SET NULL,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    -- After a STOP nothing may be sent until the contact writes again.
    wrote_since  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (account_id, number, channel_kind)
);
CREATE INDEX consents_changed_idx ON consents (account_id, changed_at DESC, number);
CREATE INDEX consents_number_prefix_idx ON consents (account_id, number text_pattern_ops);

-- Append-only: every change of a consent, as it happened.
CREATE TABLE consent_history (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    number       text NOT NULL,
    channel_kind text NOT NULL CHECK (channel_kind IN ('whatsapp', 'sms')),
    state        text NOT NULL CHECK (state IN ('granted', 'revoked', 'pending')),
    source       text NOT NULL,
    detail       text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    token_id     bigint REFERENCES api_tokens (id) ON DELETE SET NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_history_number_idx ON consent_history (account_id, number, channel_kind, id DESC);

-- Account settings of consent: whether a first WhatsApp message counts as
-- opt-in, the stop and start words, and the keyword answers per language.
ALTER TABLE accounts
    ADD COLUMN inbound_is_opt_in boolean NOT NULL DEFAULT true,
    ADD COLUMN stop_words jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN start_words jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN keyword_replies jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN language text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en'));

-- Contact groups (the seeds' Kontaktgruppen, newsletters).
CREATE TABLE contact_groups (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('sms', 'whatsapp', 'multichannel')),
    keyword     text,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contact_groups_name_key ON contact_groups (account_id, lower(name));
CREATE UNIQUE INDEX contact_groups_keyword_key ON contact_groups (account_id, upper(keyword)) WHERE keyword IS NOT NULL;

-- A member is registered for the channel kinds the group sends on.
CREATE TABLE contact_group_members (
    group_id   bigint NOT NULL REFERENCES contact_groups (id) ON DELETE CASCADE,
    contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sms        boolean NOT NULL DEFAULT false,
    whatsapp   boolean NOT NULL DEFAULT false,
    source     text NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX contact_group_members_contact_idx ON contact_group_members (contact_id);

-- Every membership change, with its source (keyword, import, user, rule).
CREATE TABLE contact_group_history (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_id   bigint NOT NULL REFERENCES contact_groups (id) ON DELETE CASCADE,
    contact_id bigint REFERENCES contacts (id) ON DELETE SET NULL,
    action     text NOT NULL CHECK (action IN ('joined', 'left')),
    source     text NOT NULL,
    user_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_group_history_group_idx ON contact_group_history (group_id, id DESC);

-- SMS opt-outs recorded so far become revoked SMS consents.
INSERT INTO consents (account_id, number, channel_kind, state, source, detail, changed_at)
SELECT DISTINCT ON (account_id, number) account_id, number, 'sms', 'revoked', 'keyword', 'STOP', created_at
FROM opt_outs ORDER BY account_id, number, created_at DESC
ON CONFLICT DO NOTHING;
INSERT INTO consent_history (account_id, number, channel_kind, state, source, detail, at)
SELECT account_id, number, channel_kind, CASE action WHEN 'opt_out' THEN 'revoked' ELSE 'granted' END,
       'keyword', source, created_at
FROM consent_events ORDER BY id;
