-- Every save of a story looks up the story linked to it as its translation; without an index
-- that read every story (bodies and all) on each save, which made a large archive's import,
-- and saves in a large newsroom, slower with every story. Kept in step with
-- ../sqlite/0015_translation_index.sql.
CREATE INDEX articles_translation ON articles (translation_id);
