-- The newsroom: who wrote a story, its workflow times, revisions and corrections.
-- Kept in step with ../postgres/0004_newsroom.sql.

ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users (id);
ALTER TABLE articles ADD COLUMN scheduled_at TEXT;
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX articles_scheduled ON articles (status, scheduled_at);

CREATE TABLE article_revisions (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    editor_id       INTEGER REFERENCES users (id),
    created_at      TEXT NOT NULL,
    headline        TEXT NOT NULL,
    dek             TEXT NOT NULL,
    slug            TEXT NOT NULL,
    body_markdown   TEXT NOT NULL,
    dateline_place  TEXT NOT NULL,
    seo_title       TEXT NOT NULL,
    seo_description TEXT NOT NULL,
    UNIQUE (article_id, version)
);

CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX corrections_article ON corrections (article_id, created_at);
