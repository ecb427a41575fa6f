-- Sign-in failures are kept per email and client address, so a guesser is
-- throttled per (email, address) and per address instead of locking the
-- email's owner out everywhere. Rows are short-lived; old ones are dropped.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    id    bigserial PRIMARY KEY,
    email text NOT NULL,
    ip    text NOT NULL,
    at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_ip_at_idx ON login_failures (email, ip, at);
CREATE INDEX login_failures_ip_at_idx ON login_failures (ip, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

-- Addresses a user has signed in from: they are not slowed down when
-- someone else is guessing that user's password.
CREATE TABLE login_addresses (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip      text NOT NULL,
    last_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, ip)
);
CREATE INDEX login_addresses_last_at_idx ON login_addresses (last_at);
