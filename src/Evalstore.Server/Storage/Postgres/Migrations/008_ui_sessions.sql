-- The web UI's sign-in sessions. The cookie carries a random session id; only its SHA-256 is kept here, with the key
-- it was made from, so a stolen database cannot be replayed and revoking the key (or signing out) ends the session.
CREATE TABLE ui_sessions (
    id_hash      bytea PRIMARY KEY,
    key_id       text COLLATE "C" NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX ui_sessions_key ON ui_sessions (key_id);
