-- What each import brought in: the thing's id in its archive (`source` names the archive, such
-- as 'wordpress https://old.example.org'), the row it became here, and a digest of what it
-- held, so that running the same import again changes nothing and a re-run after an edit in
-- the archive updates only what changed. Kept in step with ../postgres/0014_import_records.sql.
CREATE TABLE import_records (
    source      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    external_id TEXT NOT NULL,
    local_id    INTEGER NOT NULL,
    digest      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);
