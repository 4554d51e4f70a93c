-- Clause 38: the department phones applicants who were consulted (their request closed by
-- the final answer) or who declined the reception (withdrew), and records how satisfied they
-- are: once per request. `outcome` is `rules::survey::Outcome`'s code.
CREATE TABLE surveys (
    request_id          BIGINT  PRIMARY KEY REFERENCES requests (id),
    outcome             TEXT    NOT NULL,
    note                TEXT,
    surveyed_by         BIGINT  NOT NULL REFERENCES staff (id),
    surveyed_at         TEXT    NOT NULL
);

CREATE INDEX surveys_by_time ON surveys (surveyed_at);
