-- A recipients file (CSV/XLSX) as read: its rows are kept until a campaign
-- uses them, so the upload and the campaign are two requests.
CREATE TABLE campaign_files (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    name       text NOT NULL,
    -- the variable columns, in file order
    columns    jsonb NOT NULL DEFAULT '[]',
    -- [{"number":"+43…","variables":{"col":"value"}}, …] in file order
    rows       jsonb NOT NULL DEFAULT '[]',
    row_count  int NOT NULL DEFAULT 0,
    created_by bigint REFERENCES users ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_files_account_idx ON campaign_files (account_id, id);

-- Duplicates are not rows (a number is one recipient); their count at
-- creation is kept here.
ALTER TABLE campaigns ADD COLUMN duplicates int NOT NULL DEFAULT 0;

-- A contact's campaign history, and contact deletes (ON DELETE SET NULL).
CREATE INDEX campaign_recipients_contact_idx ON campaign_recipients (contact_id) WHERE contact_id IS NOT NULL;
