-- One-time set-up links for invited newsroom members. Kept in step with ../sqlite/0005_invites.sql.
CREATE TABLE user_invites (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TEXT
);
