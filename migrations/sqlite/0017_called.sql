-- The reception day: when the desk called the applicant in (the board shows who is in).
ALTER TABLE requests ADD COLUMN called_at TEXT;
