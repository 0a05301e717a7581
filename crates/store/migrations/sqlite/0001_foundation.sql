-- The reader site's data model. Kept in step with ../postgres/0001_foundation.sql.
-- Times are UTC, stored as RFC 3339 text.

CREATE TABLE editions (
    code      TEXT PRIMARY KEY CHECK (code IN ('en', 'ar')),
    site_name TEXT NOT NULL,
    tagline   TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL
);

CREATE TABLE site_settings (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    time_zone TEXT NOT NULL,
    base_url  TEXT NOT NULL
);

CREATE TABLE images (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL UNIQUE,
    width      INTEGER,
    height     INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE figures (
    id       INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images (id),
    alt      TEXT NOT NULL,
    caption  TEXT NOT NULL DEFAULT '',
    credit   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sections (
    id       INTEGER PRIMARY KEY,
    edition  TEXT NOT NULL REFERENCES editions (code),
    slug     TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (edition, slug)
);

CREATE TABLE authors (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    bio            TEXT NOT NULL DEFAULT '',
    photo_image_id INTEGER REFERENCES images (id)
);

CREATE TABLE tags (
    id      INTEGER PRIMARY KEY,
    edition TEXT NOT NULL REFERENCES editions (code),
    slug    TEXT NOT NULL,
    name    TEXT NOT NULL,
    UNIQUE (edition, slug)
);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    edition        TEXT NOT NULL REFERENCES editions (code),
    section_id     INTEGER NOT NULL REFERENCES sections (id),
    slug           TEXT NOT NULL,
    headline       TEXT NOT NULL,
    dek            TEXT NOT NULL DEFAULT '',
    body_markdown  TEXT NOT NULL DEFAULT '',
    dateline_place TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'scheduled', 'published', 'unpublished')),
    published_at   TEXT,
    updated_at     TEXT,
    lead_figure_id INTEGER REFERENCES figures (id),
    translation_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    modified_at    TEXT NOT NULL,
    UNIQUE (edition, slug)
);
CREATE INDEX articles_published ON articles (edition, status, published_at);
CREATE INDEX articles_section ON articles (section_id, status, published_at);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors (author_id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id);

CREATE TABLE static_pages (
    id            INTEGER PRIMARY KEY,
    edition       TEXT NOT NULL REFERENCES editions (code),
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (edition, slug)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    author_id     INTEGER REFERENCES authors (id),
    created_at    TEXT NOT NULL
);
