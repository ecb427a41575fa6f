CREATE TABLE labels (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL,
    color      text NOT NULL DEFAULT '#64748b',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX labels_name_key ON labels (account_id, lower(name));

CREATE TABLE conversation_labels (
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label_id        bigint NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX conversation_labels_label_idx ON conversation_labels (label_id, conversation_id);

CREATE TABLE contact_labels (
    contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    label_id   bigint NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contact_id, label_id)
);
CREATE INDEX contact_labels_label_idx ON contact_labels (label_id, contact_id);
