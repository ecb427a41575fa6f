-- WhatsApp message templates as the provider lists them, per channel. A
-- template that disappears from the provider is kept as DELETED (sent
-- messages carry their own copy, so nothing refers to these rows).
CREATE TABLE whatsapp_templates (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    channel_id       bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    provider_id      text NOT NULL DEFAULT '',
    name             text NOT NULL,
    language         text NOT NULL,
    category         text NOT NULL DEFAULT '',
    status           text NOT NULL,
    parameter_format text NOT NULL CHECK (parameter_format IN ('NAMED', 'POSITIONAL')),
    components       jsonb NOT NULL DEFAULT '[]',
    synced_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, name, language)
);
CREATE INDEX whatsapp_templates_account_idx ON whatsapp_templates (account_id, channel_id, name);

-- The outcome of the last template sync of each channel, so background
-- syncs that fail are visible in Settings.
CREATE TABLE whatsapp_template_syncs (
    channel_id     bigint PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    account_id     bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    attempted_at   timestamptz NOT NULL DEFAULT now(),
    succeeded_at   timestamptz,
    error          text NOT NULL DEFAULT '',
    template_count integer NOT NULL DEFAULT 0
);

-- Local SMS text templates with {{placeholders}} filled from the contact.
CREATE TABLE sms_templates (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL,
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1600),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sms_templates_name_key ON sms_templates (account_id, lower(name));
