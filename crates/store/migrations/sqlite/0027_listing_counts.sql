-- Pages at a million stories (bench/RESULTS.md, "Pages at a million stories"). Kept in step
-- with ../postgres/0027_listing_counts.sql.
--
-- A section's, tag's or author's page says which page of how many it is. Counting a tag's
-- 65,000 stories in an edition for that took 20-40 ms a page at a million stories, growing
-- with the archive. Each listing's published stories per edition are now counted as they
-- change, by the triggers below (like the copies of migration 26, whatever writes the story),
-- so a page asks for one row.
CREATE TABLE listing_counts (
    listing TEXT NOT NULL CHECK (listing IN ('section', 'tag', 'author')),
    id      INTEGER NOT NULL,
    edition TEXT NOT NULL,
    stories INTEGER NOT NULL,
    PRIMARY KEY (listing, id, edition)
);
INSERT INTO listing_counts (listing, id, edition, stories)
SELECT 'section', section_id, edition, COUNT(*) FROM articles WHERE status = 'published'
GROUP BY section_id, edition;
INSERT INTO listing_counts (listing, id, edition, stories)
SELECT 'tag', tag_id, edition, COUNT(*) FROM article_tags WHERE published_at IS NOT NULL
GROUP BY tag_id, edition;
INSERT INTO listing_counts (listing, id, edition, stories)
SELECT 'author', author_id, edition, COUNT(*) FROM article_authors WHERE published_at IS NOT NULL
GROUP BY author_id, edition;

-- Sections: a story counts where it is published.
CREATE TRIGGER articles_counted AFTER INSERT ON articles WHEN NEW.status = 'published'
BEGIN
    INSERT INTO listing_counts VALUES ('section', NEW.section_id, NEW.edition, 1)
    ON CONFLICT (listing, id, edition) DO UPDATE SET stories = stories + 1;
END;
CREATE TRIGGER articles_uncounted AFTER DELETE ON articles WHEN OLD.status = 'published'
BEGIN
    UPDATE listing_counts SET stories = stories - 1
    WHERE listing = 'section' AND id = OLD.section_id AND edition = OLD.edition;
END;
CREATE TRIGGER articles_recounted AFTER UPDATE OF status, section_id, edition ON articles
WHEN (OLD.status = 'published' OR NEW.status = 'published')
    AND (OLD.status IS NOT NEW.status OR OLD.section_id IS NOT NEW.section_id
         OR OLD.edition IS NOT NEW.edition)
BEGIN
    UPDATE listing_counts SET stories = stories - 1
    WHERE OLD.status = 'published' AND listing = 'section' AND id = OLD.section_id AND edition = OLD.edition;
    INSERT INTO listing_counts SELECT 'section', NEW.section_id, NEW.edition, 1 WHERE NEW.status = 'published'
    ON CONFLICT (listing, id, edition) DO UPDATE SET stories = stories + 1;
END;

-- Tags and authors: a link counts while its story is published (its `published_at`, kept by
-- migration 26's triggers; a new link gets it by an update, counted below).
CREATE TRIGGER article_tags_counted AFTER INSERT ON article_tags WHEN NEW.published_at IS NOT NULL
BEGIN
    INSERT INTO listing_counts VALUES ('tag', NEW.tag_id, NEW.edition, 1)
    ON CONFLICT (listing, id, edition) DO UPDATE SET stories = stories + 1;
END;
CREATE TRIGGER article_tags_uncounted AFTER DELETE ON article_tags WHEN OLD.published_at IS NOT NULL
BEGIN
    UPDATE listing_counts SET stories = stories - 1
    WHERE listing = 'tag' AND id = OLD.tag_id AND edition = OLD.edition;
END;
CREATE TRIGGER article_tags_recounted AFTER UPDATE OF published_at, edition ON article_tags
WHEN (OLD.published_at IS NULL) IS NOT (NEW.published_at IS NULL) OR OLD.edition IS NOT NEW.edition
BEGIN
    UPDATE listing_counts SET stories = stories - 1
    WHERE OLD.published_at IS NOT NULL AND listing = 'tag' AND id = OLD.tag_id AND edition = OLD.edition;
    INSERT INTO listing_counts SELECT 'tag', NEW.tag_id, NEW.edition, 1 WHERE NEW.published_at IS NOT NULL
    ON CONFLICT (listing, id, edition) DO UPDATE SET stories = stories + 1;
END;
CREATE TRIGGER article_authors_counted AFTER INSERT ON article_authors WHEN NEW.published_at IS NOT NULL
BEGIN
    INSERT INTO listing_counts VALUES ('author', NEW.author_id, NEW.edition, 1)
    ON CONFLICT (listing, id, edition) DO UPDATE SET stories = stories + 1;
END;
CREATE TRIGGER article_authors_uncounted AFTER DELETE ON article_authors WHEN OLD.published_at IS NOT NULL
BEGIN
    UPDATE listing_counts SET stories = stories - 1
    WHERE listing = 'author' AND id = OLD.author_id AND edition = OLD.edition;
END;
CREATE TRIGGER article_authors_recounted AFTER UPDATE OF published_at, edition ON article_authors
WHEN (OLD.published_at IS NULL) IS NOT (NEW.published_at IS NULL) OR OLD.edition IS NOT NEW.edition
BEGIN
    UPDATE listing_counts SET stories = stories - 1
    WHERE OLD.published_at IS NOT NULL AND listing = 'author' AND id = OLD.author_id AND edition = OLD.edition;
    INSERT INTO listing_counts SELECT 'author', NEW.author_id, NEW.edition, 1 WHERE NEW.published_at IS NOT NULL
    ON CONFLICT (listing, id, edition) DO UPDATE SET stories = stories + 1;
END;

-- A section's page in one edition walks this index in order (section, edition and status all
-- equalities): a deep page skips index entries, not stories. (`articles_section` stays, for a
-- section's newest stories in any edition.)
CREATE INDEX articles_section_edition ON articles (section_id, edition, status, published_at);
