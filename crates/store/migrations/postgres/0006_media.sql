-- The media library: uploaded pictures with their words and responsive variants.
-- Kept in step with ../sqlite/0006_media.sql.
ALTER TABLE images ADD COLUMN alt TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN caption TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN credit TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN srcset TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN webp_srcset TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN uploaded_by BIGINT REFERENCES users (id);
