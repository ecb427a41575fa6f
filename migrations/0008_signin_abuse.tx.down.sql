DROP TABLE login_addresses;
DROP TABLE login_failures;
CREATE TABLE login_failures (
    id  bigserial PRIMARY KEY,
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_at_idx ON login_failures (key, at);
