-- Readers' and sign-in attempts counted per key (a digest) and window, shared by every node.
-- Unlogged: counts lost in a crash only give a flood a fresh window, and writing them costs no
-- WAL. Kept in step with ../sqlite/0009_rate_limits.sql.
CREATE UNLOGGED TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    attempts     BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
