-- The language a member works in the newsroom in, once they have chosen one (NULL: not chosen;
-- the newsroom then speaks the edition of their newest story, or the browser's language).
ALTER TABLE users ADD COLUMN interface_lang TEXT CHECK (interface_lang IN ('en', 'ar'));

-- A member's newest story (their default language) and an author's page, newest first, read
-- from the index in order instead of sorting all of an author's stories.
DROP INDEX article_authors_author;
CREATE INDEX article_authors_author ON article_authors (author_id, article_id);
