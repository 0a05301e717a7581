-- The digits an edition writes numbers in on every page (NULL: its usual ones, Arabic-Indic in
-- Arabic, Western in English).
ALTER TABLE edition_faces ADD COLUMN numerals TEXT CHECK (numerals IN ('western', 'arabic-indic'));
