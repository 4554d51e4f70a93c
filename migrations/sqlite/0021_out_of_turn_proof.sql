-- Clauses 10 and 13: at check-in the desk sees the proof of an out-of-turn category, or does
-- not; without it the applicant keeps the ordinary turn (the category stays on the request).
ALTER TABLE requests ADD COLUMN out_of_turn_unproven INTEGER NOT NULL DEFAULT 0;
