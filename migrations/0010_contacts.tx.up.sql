-- Contacts become the phone book: names, status, blocking, first contact and
-- last chat, custom attributes per account, and per-user preferences.
ALTER TABLE accounts ADD COLUMN default_country text NOT NULL DEFAULT ''
    CHECK (default_country = '' OR default_country ~ '^[A-Z]{2}$');

ALTER TABLE contacts
    ADD COLUMN first_name text NOT NULL DEFAULT '',
    ADD COLUMN last_name text NOT NULL DEFAULT '',
    ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    ADD COLUMN blocked boolean NOT NULL DEFAULT false,
    ADD COLUMN first_contact_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_chat_at timestamptz,
    -- The name shown and sorted by: name, else first and last name.
    ADD COLUMN sort_name text GENERATED ALWAYS AS
        (lower(CASE WHEN name <> '' THEN name ELSE btrim(first_name || ' ' || last_name) END)) STORED,
    -- What q searches besides the numbers: every name and the attribute values.
    ADD COLUMN search_text text GENERATED ALWAYS AS
        (lower(name || ' ' || first_name || ' ' || last_name || ' ' ||
               jsonb_path_query_array(attributes, '$.*')::text)) STORED;

UPDATE contacts c SET first_contact_at = c.created_at,
    last_chat_at = (SELECT max(m.created_at) FROM messages m
                    JOIN conversations v ON v.id = m.conversation_id
                    WHERE v.contact_id = c.id);

-- Keyset pagination: every sortable column with id as the tie-breaker.
CREATE INDEX contacts_sort_name_idx ON contacts (account_id, sort_name, id);
CREATE INDEX contacts_first_contact_idx ON contacts (account_id, first_contact_at, id);
CREATE INDEX contacts_last_chat_idx ON contacts (account_id, coalesce(last_chat_at, '-infinity'::timestamptz), id);
CREATE INDEX contacts_created_idx ON contacts (account_id, created_at, id);
CREATE INDEX contacts_status_idx ON contacts (account_id, status, id);
-- Search: substrings of names and attribute values, prefixes of numbers.
DROP INDEX contacts_name_trgm;
CREATE INDEX contacts_search_trgm ON contacts USING gin (search_text gin_trgm_ops);
CREATE INDEX contacts_sms_prefix_idx ON contacts (account_id, sms_number text_pattern_ops);
CREATE INDEX contacts_whatsapp_prefix_idx ON contacts (account_id, whatsapp_number text_pattern_ops);

CREATE TABLE contact_attributes (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key        text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label      text NOT NULL,
    type       text NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'choice')),
    options    jsonb NOT NULL DEFAULT '[]',
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, key)
);

CREATE TABLE user_preferences (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key        text NOT NULL,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
