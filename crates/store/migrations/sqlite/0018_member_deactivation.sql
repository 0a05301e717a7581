-- When an admin deactivated a member (NULL: active). A deactivated member cannot sign in and
-- has no session; their bylines, stories and revisions stay as they were.
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
