-- Clause 16.2: a request on a question the applicant was already received or answered on is
-- registered all the same and flagged with the earlier request's number; the clerk decides.
ALTER TABLE requests ADD COLUMN repeat_of TEXT;
