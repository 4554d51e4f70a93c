-- A receiving official's account names the official it is (clause 2): they see their own
-- receptions, and only theirs. Set by the administrator on the accounts screen.
ALTER TABLE staff ADD COLUMN official_id BIGINT REFERENCES officials (id);
