-- A story's body as the HTML readers get, made when the story is saved (issue #13: a reader's
-- miss rendered the Markdown and sanitised it every time, about 6 % of a miss's CPU). Kept in
-- step with ../postgres/0028_story_body_html.sql.
--
-- NULL for a story saved before this column existed: such a story is rendered when it is
-- read, until `Store::render_saved_bodies` (run when a node starts) has filled it in.
ALTER TABLE articles ADD COLUMN body_html TEXT;

-- The stories still to fill in, so that a node's start finds there are none without reading
-- every story. Every save writes the body, so this holds only stories from before.
CREATE INDEX articles_body_unrendered ON articles (id) WHERE body_html IS NULL;
