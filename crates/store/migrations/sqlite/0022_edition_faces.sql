-- What an edition shows around every page besides its masthead and sections, set in Site
-- settings: a logo from the media library, links added to the navigation (`label | address`
-- per line), the footer's words and links to accounts elsewhere (an address per line). The
-- lines were checked when saved and are read into safe addresses again when loaded.
CREATE TABLE edition_faces (
    edition       TEXT PRIMARY KEY REFERENCES editions (code),
    logo_image_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
    nav_links     TEXT NOT NULL DEFAULT '',
    footer_text   TEXT NOT NULL DEFAULT '',
    social_links  TEXT NOT NULL DEFAULT ''
);
