-- Campaigns (seeds 002 and 004): scheduled SMS and WhatsApp sends, one state
-- row per recipient so a restart resumes without skipping or re-sending.

-- NULL = the default of the kind (WhatsApp 80/s, SMS long code 1/s, short code 100/s).
ALTER TABLE channel_senders ADD COLUMN rate_per_second numeric;
ALTER TABLE channel_senders ADD COLUMN short_code boolean NOT NULL DEFAULT false;

CREATE TABLE campaigns (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    name            text NOT NULL,
    channel_id      bigint NOT NULL REFERENCES channels ON DELETE CASCADE,
    sender_id       bigint NOT NULL REFERENCES channel_senders ON DELETE CASCADE,
    status          text NOT NULL CHECK (status IN ('draft','scheduled','pending','running','paused','completed','stopped','retrying')),
    -- a code: user, bad_credentials, 131048, 368, quota…
    stop_reason     text NOT NULL DEFAULT '',
    stop_message    text NOT NULL DEFAULT '',
    -- the API's "recipients" and "content" objects as given
    recipients_spec jsonb NOT NULL,
    content         jsonb NOT NULL,
    mode            text NOT NULL CHECK (mode IN ('session','direct')),
    -- {"queue_id":N} | {"user_id":N} | {}
    route           jsonb NOT NULL DEFAULT '{}',
    track_links     boolean NOT NULL DEFAULT false,
    -- NULL with status draft = no time yet; NULL and not draft = now
    send_at         timestamptz,
    time_zone       text NOT NULL DEFAULT 'Europe/Vienna',
    created_by      bigint REFERENCES users ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX campaigns_account_idx ON campaigns (account_id, id DESC);
CREATE INDEX campaigns_due_idx ON campaigns (send_at) WHERE status = 'scheduled';
CREATE INDEX campaigns_active_idx ON campaigns (sender_id) WHERE status IN ('pending','running','retrying');

CREATE TABLE campaign_recipients (
    id                  bigserial PRIMARY KEY,
    campaign_id         bigint NOT NULL REFERENCES campaigns ON DELETE CASCADE,
    account_id          bigint NOT NULL,
    contact_id          bigint REFERENCES contacts ON DELETE SET NULL,
    -- E.164
    number              text NOT NULL,
    -- per-recipient values (CSV columns)
    variables           jsonb NOT NULL DEFAULT '{}',
    status              text NOT NULL CHECK (status IN ('queued','sending','sent','failed','excluded','unknown','deferred')),
    -- a code: no_consent, opted_out, inactive, blocked, no_number, duplicate, a provider error code…
    reason              text NOT NULL DEFAULT '',
    reason_message      text NOT NULL DEFAULT '',
    attempts            int NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    provider_message_id text,
    -- session mode: the outbound message in the conversation
    message_id          bigint REFERENCES messages ON DELETE SET NULL,
    conversation_id     bigint REFERENCES conversations ON DELETE SET NULL,
    sending_at          timestamptz,
    sent_at             timestamptz,
    delivered_at        timestamptz,
    read_at             timestamptz,
    failed_at           timestamptz,
    replied_at          timestamptz,
    clicked_at          timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, number)
);
CREATE INDEX campaign_recipients_claim_idx ON campaign_recipients (campaign_id, next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX campaign_recipients_status_idx ON campaign_recipients (campaign_id, status, id);
CREATE UNIQUE INDEX campaign_recipients_provider_idx ON campaign_recipients (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX campaign_recipients_number_idx ON campaign_recipients (account_id, number, sent_at DESC);

CREATE TABLE campaign_links (
    -- 8–10 url-safe random characters
    code         text PRIMARY KEY,
    account_id   bigint NOT NULL,
    campaign_id  bigint NOT NULL REFERENCES campaigns ON DELETE CASCADE,
    -- NULL when the account stores clicks without the recipient
    recipient_id bigint REFERENCES campaign_recipients ON DELETE CASCADE,
    url          text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE campaign_clicks (
    id           bigserial PRIMARY KEY,
    code         text NOT NULL REFERENCES campaign_links ON DELETE CASCADE,
    campaign_id  bigint NOT NULL,
    recipient_id bigint,
    at           timestamptz NOT NULL DEFAULT now(),
    bot          boolean NOT NULL,
    user_agent   text NOT NULL DEFAULT '',
    method       text NOT NULL
);
CREATE INDEX campaign_clicks_campaign_idx ON campaign_clicks (campaign_id, bot);
ALTER TABLE accounts ADD COLUMN clicks_without_recipient boolean NOT NULL DEFAULT false;
