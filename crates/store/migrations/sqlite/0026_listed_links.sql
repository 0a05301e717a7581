-- Tag and author pages on a million stories (bench/RESULTS.md, "Pages at a million stories"). Kept in
-- step with ../postgres/0026_listed_links.sql.
--
-- A tag's or an author's page lists one edition's published stories, newest first. Asked of
-- `articles`, that meant every story of the tag or author, each looked up to learn its edition
-- and status, and the edition's published stories walked in order until the page filled: a
-- second a page at a million stories. Each link now carries its story's edition and, while the
-- story is published, its publication time, so that a page and its count are one index range.
-- The triggers below keep both in step with the story, whatever writes it.
ALTER TABLE article_tags ADD COLUMN edition TEXT;
ALTER TABLE article_tags ADD COLUMN published_at TEXT;
ALTER TABLE article_authors ADD COLUMN edition TEXT;
ALTER TABLE article_authors ADD COLUMN published_at TEXT;

UPDATE article_tags
SET edition = a.edition,
    published_at = CASE WHEN a.status = 'published' THEN a.published_at END
FROM articles a WHERE a.id = article_tags.article_id;
UPDATE article_authors
SET edition = a.edition,
    published_at = CASE WHEN a.status = 'published' THEN a.published_at END
FROM articles a WHERE a.id = article_authors.article_id;

CREATE INDEX article_tags_listed ON article_tags (tag_id, edition, published_at, article_id)
    WHERE published_at IS NOT NULL;
CREATE INDEX article_authors_listed ON article_authors (author_id, edition, published_at, article_id)
    WHERE published_at IS NOT NULL;

-- A link made takes its story's edition and publication.
CREATE TRIGGER article_tags_follow_story AFTER INSERT ON article_tags
BEGIN
    UPDATE article_tags
    SET (edition, published_at) = (
        SELECT a.edition, CASE WHEN a.status = 'published' THEN a.published_at END
        FROM articles a WHERE a.id = NEW.article_id)
    WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
END;
CREATE TRIGGER article_authors_follow_story AFTER INSERT ON article_authors
BEGIN
    UPDATE article_authors
    SET (edition, published_at) = (
        SELECT a.edition, CASE WHEN a.status = 'published' THEN a.published_at END
        FROM articles a WHERE a.id = NEW.article_id)
    WHERE article_id = NEW.article_id AND author_id = NEW.author_id;
END;

-- A story published, withdrawn, scheduled or moved takes its links along.
CREATE TRIGGER articles_links_follow AFTER UPDATE OF edition, status, published_at ON articles
WHEN OLD.edition IS NOT NEW.edition OR OLD.status IS NOT NEW.status
    OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE article_tags
    SET edition = NEW.edition,
        published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE article_id = NEW.id;
    UPDATE article_authors
    SET edition = NEW.edition,
        published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE article_id = NEW.id;
END;

-- The newsroom's list of work not published (drafts, in review, scheduled, withdrawn), the
-- latest changed first: at a million published stories, a walk of every story's change time
-- to find the few not published took seconds.
CREATE INDEX articles_work ON articles (modified_at) WHERE status <> 'published';
