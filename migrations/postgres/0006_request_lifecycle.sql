-- The request lifecycle of rules::lifecycle: the statuses a request passes through from
-- registration to closing. 'extended' was a status and is now an event that keeps the
-- status (clause 32: under review, with the answer due on the 30th day), shown in the
-- timeline by its note; 'answered' is 'closed' (clause 35: closed by a final reasoned
-- answer). No code wrote 'extended' or 'answered' before this release but tests, so no
-- stored deadline needs moving.
ALTER TABLE requests DROP CONSTRAINT requests_status_check;
UPDATE requests SET status = 'under_review' WHERE status = 'extended';
UPDATE requests SET status = 'closed' WHERE status = 'answered';
UPDATE request_events SET status = 'under_review',
    note_kk = COALESCE(note_kk, 'Қарау мерзімі ұзартылды'),
    note_ru = COALESCE(note_ru, 'Срок рассмотрения продлён')
WHERE status = 'extended';
UPDATE request_events SET status = 'closed' WHERE status = 'answered';
ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('registered', 'under_review', 'proposed', 'approved', 'scheduled', 'arrived', 'received', 'no_show', 'under_control', 'closed', 'refused', 'left_without_consideration', 'withdrawn'));
