-- Clause 36: applications handed in at a reception, scanned, attached to the protocol (and,
-- when they concern one, to its instruction), registered in the electronic document system
-- and marked "from personal reception" within 1 to 3 working days. The scan is kept here,
-- behind the staff's sign-in; its SHA-256 is also written to the audit log. `handed_in` is
-- the day of the reception, `registered_on` the day the department recorded it: local
-- `YYYY-MM-DD`.
CREATE TABLE reception_papers (
    id                  BIGSERIAL PRIMARY KEY,
    request_id          BIGINT  NOT NULL REFERENCES requests (id),
    instruction_id      BIGINT  REFERENCES instructions (id),
    edms_number         TEXT    NOT NULL UNIQUE,
    summary             TEXT    NOT NULL,
    handed_in           TEXT    NOT NULL,
    registered_on       TEXT    NOT NULL,
    media_type          TEXT    NOT NULL,
    scan                BYTEA   NOT NULL,
    scan_sha256         TEXT    NOT NULL
);

CREATE INDEX reception_papers_by_request ON reception_papers (request_id, id);
