-- Contact imports: one row per uploaded file, worked by a background job.
-- The upload itself is kept in the media store under object_key.
CREATE TABLE contact_imports (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id         bigint REFERENCES users (id) ON DELETE SET NULL,
    file_name       text NOT NULL DEFAULT '',
    object_key      text NOT NULL,
    -- column header → field ("name", "sms_number", "attr.<key>", "ignore"); {} = match headers by name
    mapping         jsonb NOT NULL DEFAULT '{}',
    update_existing boolean NOT NULL DEFAULT false,
    status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total           integer NOT NULL DEFAULT 0,
    imported        integer NOT NULL DEFAULT 0,
    updated         integer NOT NULL DEFAULT 0,
    unchanged       integer NOT NULL DEFAULT 0,
    failed          integer NOT NULL DEFAULT 0,
    -- [{"row", "column", "code", "message"}], the first 10,000 row errors
    errors          jsonb NOT NULL DEFAULT '[]',
    -- why the whole import failed (bad file, no number column)
    error           text NOT NULL DEFAULT '',
    error_code      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX contact_imports_account_idx ON contact_imports (account_id, id DESC);
