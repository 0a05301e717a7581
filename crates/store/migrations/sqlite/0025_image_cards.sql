-- A raster copy of a picture for link previews, where the original is one social networks
-- refuse (SVG); empty when the original serves.
ALTER TABLE images ADD COLUMN card_path TEXT NOT NULL DEFAULT '';
