-- Webhooks and their deliveries. Deliveries are queued from the events table (the cursor
-- below says how far), each with its body as it was when queued, and kept until delivered or
-- given up on: a restart loses none. Kept in step with ../postgres/0012_webhooks.sql.
CREATE TABLE webhooks (
    id                    INTEGER PRIMARY KEY,
    event                 TEXT NOT NULL,
    target_url            TEXT NOT NULL,
    name                  TEXT NOT NULL,
    secret                TEXT NOT NULL,
    api_version           TEXT NOT NULL,
    -- The last event before the hook was made: it hears only the events after it.
    after_event_id        INTEGER NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    -- Set when the receiver answered 410 Gone.
    disabled_at           TEXT,
    last_triggered_at     TEXT,
    last_triggered_status TEXT,
    last_triggered_error  TEXT,
    UNIQUE (event, target_url)
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL,
    body            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When it is next tried; while a node tries it, when that node's claim runs out.
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,
    given_up_at     TEXT,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;

-- How far each shared follower of the events has gone; the webhook queue starts now.
CREATE TABLE event_cursors (
    name          TEXT PRIMARY KEY,
    last_event_id INTEGER NOT NULL
);
INSERT INTO event_cursors (name, last_event_id) SELECT 'webhooks', COALESCE(MAX(id), 0) FROM events;
