-- Guest comments, their moderation and the rules they pass. Kept in step with ../postgres/0003_comments.sql.

ALTER TABLE articles ADD COLUMN comments_mode TEXT NOT NULL DEFAULT 'open' CHECK (comments_mode IN ('open', 'closed', 'off'));

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    reader       TEXT,
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL,
    staff_user_id INTEGER REFERENCES users (id),
    body         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    rule         TEXT,
    reason       TEXT,
    featured     INTEGER NOT NULL DEFAULT 0,
    address_hash TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    decided_at   TEXT
);
CREATE INDEX comments_article ON comments (article_id, status, created_at);
CREATE INDEX comments_email ON comments (author_email);
CREATE INDEX comments_status ON comments (status, created_at);

CREATE TABLE comment_reports (
    id         INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    reader     TEXT,
    resolved   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX comment_reports_open ON comment_reports (resolved, comment_id);

CREATE TABLE commenter_bans (
    id         INTEGER PRIMARY KEY,
    target     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'domain')),
    until      TEXT,
    reason     TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX commenter_bans_target ON commenter_bans (kind, target);

CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY,
    comment_id   INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    moderator_id INTEGER REFERENCES users (id),
    created_at   TEXT NOT NULL
);

CREATE TABLE moderation_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    mode            TEXT NOT NULL CHECK (mode IN ('pre_moderate_all', 'first_time_only', 'publish_at_once')),
    banned_words    TEXT NOT NULL DEFAULT '',
    suspect_words   TEXT NOT NULL DEFAULT '',
    link_limit      INTEGER NOT NULL DEFAULT 2,
    auto_close_days INTEGER
);
INSERT INTO moderation_settings (id, mode) VALUES (1, 'first_time_only');

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE site_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
