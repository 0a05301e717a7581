-- Where a picture's subject is, so that crops keep it in view: one of nine places.
ALTER TABLE images ADD COLUMN focus TEXT NOT NULL DEFAULT 'center'
    CHECK (focus IN ('top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right'));
