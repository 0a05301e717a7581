-- The stories waiting for an editor, counted on every story list an editor opens and listed
-- when they filter by it: read from their own small index, not from all stories.
CREATE INDEX articles_in_review ON articles (modified_at) WHERE status = 'in_review';
