-- Clauses 6-9: the department plans a month of reception days; the chief of staff approves
-- the month, and only then do its planned days appear on the public schedule (clause 7): a
-- planned day is published while its month is in schedule_months. Days that were on the
-- schedule before planning existed (planned = 0) stay published.
ALTER TABLE reception_days ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
-- Clause 14: the day's video room; an applicant who agreed to video is given its link.
ALTER TABLE reception_days ADD COLUMN video_room TEXT;
-- Clause 9: an extra reception of a deputy on the akim's instruction names the order and its date.
ALTER TABLE reception_days ADD COLUMN order_number TEXT;
ALTER TABLE reception_days ADD COLUMN order_date TEXT;

-- The akim's report meetings (clause 6): each official who receives monthly also receives
-- the working day before and the working day after.
CREATE TABLE report_meetings (
    day                 TEXT    PRIMARY KEY
);

-- A month of the schedule approved by the chief of staff (`YYYY-MM`).
CREATE TABLE schedule_months (
    month               TEXT    PRIMARY KEY,
    approved_by         INTEGER NOT NULL REFERENCES staff (id),
    approved_at         TEXT    NOT NULL
);

CREATE INDEX reception_days_by_official ON reception_days (official_id, day);
