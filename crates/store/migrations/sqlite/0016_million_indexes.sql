-- Reader queries on a million stories (bench/RESULTS.md, "A million stories"). Kept in step
-- with ../postgres/0016_million_indexes.sql.
--
-- The scheduler's index led with `status`, so SQLite (which keeps no statistics unless asked)
-- took it for any `status = 'published'` query: a search page's ten stories by id, the search
-- index's rebuild in id order and the sitemaps read and sorted every published story. As a
-- partial index it serves the scheduler alone.
DROP INDEX articles_scheduled;
CREATE INDEX articles_scheduled ON articles (scheduled_at) WHERE status = 'scheduled';
-- Published stories of both editions, newest first (the Content API's posts, the news sitemap).
CREATE INDEX articles_published_at ON articles (published_at) WHERE status = 'published';
-- A section's page counts its stories in the edition from the index alone, without reading
-- each story's row.
DROP INDEX articles_section;
CREATE INDEX articles_section ON articles (section_id, status, published_at, edition);
-- The newsroom's list of stories, the latest changed first.
CREATE INDEX articles_modified ON articles (modified_at);
