-- A campaign's media file (an MMS attachment or a template's header
-- media): stored before the campaign that uses it, so the upload and the
-- campaign are two requests.
CREATE TABLE campaign_media (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    key          text NOT NULL,
    mime         text NOT NULL,
    size         bigint NOT NULL,
    filename     text NOT NULL,
    -- the SMS provider fetches the file by {PUBLIC_URL}/media/{public_token}
    -- until public_until, which each campaign run sending it moves on
    public_token text NOT NULL UNIQUE,
    public_until timestamptz,
    -- {"<sender id>": {"id": "<provider media id>", "at": "<uploaded>"}}:
    -- a WhatsApp header is uploaded once, not per recipient
    provider_ids jsonb NOT NULL DEFAULT '{}',
    created_by   bigint REFERENCES users ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_media_account_idx ON campaign_media (account_id, id);
