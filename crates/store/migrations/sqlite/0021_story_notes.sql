-- Notes on a story for the newsroom only (readers never see them): who wrote what, when.
CREATE TABLE story_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX story_notes_story ON story_notes (article_id, id);
