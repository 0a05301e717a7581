-- Tag and author pages on a million stories (bench/RESULTS.md, "Pages at a million stories"). Kept in
-- step with ../sqlite/0026_listed_links.sql, which says why.
ALTER TABLE article_tags ADD COLUMN edition TEXT, ADD COLUMN published_at TIMESTAMPTZ;
ALTER TABLE article_authors ADD COLUMN edition TEXT, ADD COLUMN published_at TIMESTAMPTZ;

UPDATE article_tags l
SET edition = a.edition,
    published_at = CASE WHEN a.status = 'published' THEN a.published_at END
FROM articles a WHERE a.id = l.article_id;
UPDATE article_authors l
SET edition = a.edition,
    published_at = CASE WHEN a.status = 'published' THEN a.published_at END
FROM articles a WHERE a.id = l.article_id;

CREATE INDEX article_tags_listed ON article_tags (tag_id, edition, published_at, article_id)
    WHERE published_at IS NOT NULL;
CREATE INDEX article_authors_listed ON article_authors (author_id, edition, published_at, article_id)
    WHERE published_at IS NOT NULL;

-- A link made takes its story's edition and publication.
CREATE FUNCTION link_follows_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT a.edition, CASE WHEN a.status = 'published' THEN a.published_at END
    INTO NEW.edition, NEW.published_at
    FROM articles a WHERE a.id = NEW.article_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER article_tags_follow_story BEFORE INSERT ON article_tags
    FOR EACH ROW EXECUTE FUNCTION link_follows_story();
CREATE TRIGGER article_authors_follow_story BEFORE INSERT ON article_authors
    FOR EACH ROW EXECUTE FUNCTION link_follows_story();

-- A story published, withdrawn, scheduled or moved takes its links along.
CREATE FUNCTION links_follow_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE article_tags
    SET edition = NEW.edition,
        published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE article_id = NEW.id;
    UPDATE article_authors
    SET edition = NEW.edition,
        published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE article_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_links_follow AFTER UPDATE OF edition, status, published_at ON articles
    FOR EACH ROW
    WHEN (OLD.edition IS DISTINCT FROM NEW.edition OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION links_follow_story();

-- The newsroom's list of work not published (drafts, in review, scheduled, withdrawn), the
-- latest changed first: at a million published stories, a walk of every story's change time
-- to find the few not published took seconds.
CREATE INDEX articles_work ON articles (modified_at) WHERE status <> 'published';
