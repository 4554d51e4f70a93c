-- A foreigner or stateless person without an IIN is registered by their document's number
-- (clauses 10 and 11): `iin` holds the number requests are looked up by, and this says which.
ALTER TABLE requests ADD COLUMN identity_kind TEXT NOT NULL DEFAULT 'iin'
    CHECK (identity_kind IN ('iin', 'document'));
