-- One record of every change, written in the same transaction as the change: the page cache
-- and the search index follow it by id. Kept in step with ../postgres/0008_events.sql.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    story_id   INTEGER,
    subject_id INTEGER,
    -- The page tags the change touches, space-separated (as in Surrogate-Key).
    tags       TEXT NOT NULL,
    -- member:<user id>, reader or system.
    actor      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX events_story ON events (story_id, id);
