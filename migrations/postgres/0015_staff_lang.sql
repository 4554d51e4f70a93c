-- The language each staff member chose last (Kazakh or Russian), restored at sign-in.
ALTER TABLE staff ADD COLUMN lang TEXT CHECK (lang IN ('kk', 'ru'));
