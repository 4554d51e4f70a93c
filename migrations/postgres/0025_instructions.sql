-- Clauses 25, 34-37: the protocol of a reception as instructions, each with its executor and
-- a specific deadline, controlled by the department until reported done; the request is
-- taken off control by the final reasoned answer to the applicant, kept with the request.
-- `executor_key` is the executor folded by `rules::control::executor_key` (clause 37: never
-- the executor who resolved the same applicant's request before). Dates are local `YYYY-MM-DD`.
CREATE TABLE instructions (
    id                  BIGSERIAL PRIMARY KEY,
    request_id          BIGINT  NOT NULL REFERENCES requests (id),
    executor            TEXT    NOT NULL,
    executor_key        TEXT    NOT NULL,
    content             TEXT    NOT NULL,
    given_on            TEXT    NOT NULL,
    due_on              TEXT    NOT NULL,
    done_on             TEXT,
    report              TEXT
);

CREATE INDEX instructions_by_request ON instructions (request_id, id);
CREATE INDEX instructions_by_executor ON instructions (executor_key);
CREATE INDEX instructions_open_by_due ON instructions (due_on) WHERE done_on IS NULL;

ALTER TABLE requests ADD COLUMN final_answer TEXT;
