-- Keys for the JSON APIs. A content key is public (26 hex digits, the whole key); an admin key
-- is a public id (24 hex) with a secret (64 hex) that signs the tokens its client sends, so it
-- is kept as it is. Revoked keys stay listed. Kept in step with ../postgres/0010_api_keys.sql.
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('content', 'admin')),
    name       TEXT NOT NULL,
    public_id  TEXT NOT NULL UNIQUE,
    secret     TEXT,
    role       TEXT CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((kind = 'content') = (secret IS NULL AND role IS NULL))
);
