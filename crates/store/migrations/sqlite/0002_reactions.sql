-- Readers' yes/no answers to "Do you like this article?". Kept in step with ../postgres/0002_reactions.sql.
CREATE TABLE reactions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    reader     TEXT NOT NULL,
    value      TEXT NOT NULL CHECK (value IN ('yes', 'no')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (article_id, reader)
);
