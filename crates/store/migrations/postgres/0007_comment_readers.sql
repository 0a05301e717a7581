-- A reader's recent comments are looked up by their browser's identity (the duplicate check
-- on every comment), as they already are by email. Kept in step with ../sqlite/0007_comment_readers.sql.
CREATE INDEX comments_reader ON comments (reader, created_at);
