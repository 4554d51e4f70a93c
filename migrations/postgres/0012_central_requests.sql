-- Clauses 20-22: a central state body asked to take part in the reception by video; the
-- applicant is told at once (clause 21); a body's refusal is reported within 2 working days
-- (clause 22). Dates are local `YYYY-MM-DD`.
CREATE TABLE central_requests (
    id                  BIGSERIAL PRIMARY KEY,
    request_id          BIGINT  NOT NULL REFERENCES requests (id),
    body                TEXT    NOT NULL,
    sent_on             TEXT    NOT NULL,
    refused_on          TEXT,
    reported_on         TEXT
);

CREATE INDEX central_requests_by_request ON central_requests (request_id, id);
