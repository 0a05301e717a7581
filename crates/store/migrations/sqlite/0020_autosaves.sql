-- What a journalist typed in the story editor and has not saved yet, kept every few seconds:
-- one per member and story (article_id NULL: a story not yet started). It is no revision and
-- readers never see it; saving the story deletes it. `base_version` is the revision it was
-- typed on, so a newer save by anyone else is never overwritten by it.
CREATE TABLE autosaves (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id   INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    edition      TEXT NOT NULL CHECK (edition IN ('en', 'ar')),
    base_version INTEGER NOT NULL,
    fields       TEXT NOT NULL,
    saved_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX autosaves_story ON autosaves (article_id, user_id) WHERE article_id IS NOT NULL;
CREATE UNIQUE INDEX autosaves_new_story ON autosaves (user_id) WHERE article_id IS NULL;
