-- One-time set-up links for invited newsroom members. Kept in step with ../postgres/0005_invites.sql.
CREATE TABLE user_invites (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
