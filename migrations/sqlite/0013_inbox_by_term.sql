-- The inbox filtered by status and ordered by term reads this index in order.
CREATE INDEX requests_by_status_term ON requests (status, answer_due, id);

-- The request's version: every status change (even one that keeps the status, such as an
-- extension) adds one, in the same compare-and-set; a decision taken on a screen that showed
-- an older version is refused.
ALTER TABLE requests ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
