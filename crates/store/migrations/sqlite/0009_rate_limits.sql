-- Attempts counted per key (a digest) and window. One SQLite node counts in memory; the table
-- is kept in step with ../postgres/0009_rate_limits.sql so the store's schema is one.
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts     INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
