-- Redirects: an old address (an imported archive's permalink, a renamed page) answered with a
-- 301 to its new one. `old_path` is kept in one normal form (see dateline_domain::redirect).
-- `origin` says who made it: 'newsroom', 'wordpress' or 'ghost'. Kept in step with
-- ../postgres/0013_redirects.sql.
CREATE TABLE redirects (
    id         INTEGER PRIMARY KEY,
    old_path   TEXT NOT NULL UNIQUE,
    new_path   TEXT NOT NULL,
    origin     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
