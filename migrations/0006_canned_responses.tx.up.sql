-- Canned responses: saved replies an agent inserts with "/shortcode". The
-- optional attachment is an object in the media store; its key, type, size
-- and file name are kept here.
CREATE TABLE canned_responses (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    shortcode  text NOT NULL CHECK (shortcode ~ '^[a-z0-9_-]{1,32}$'),
    text       text NOT NULL CHECK (char_length(text) <= 4096),
    attachment jsonb,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- text_pattern_ops lets "shortcode LIKE 'ho%'" use the index.
CREATE UNIQUE INDEX canned_responses_shortcode_key ON canned_responses (account_id, shortcode text_pattern_ops);
