-- The audit log: every change by staff (and the applicant's withdrawal), written in the same
-- transaction as the change. Rows are numbered without a gap and hash-chained: each row's
-- hash covers the previous row's hash and the row itself, so an edited or deleted row breaks
-- the chain (`qabyldau audit verify`). The head row serialises appends: each append updates it
-- first, which takes the write lock (SQLite) or the row lock (PostgreSQL) until commit.
CREATE TABLE audit_head (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    seq                 INTEGER NOT NULL,
    last_hash           TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq                 INTEGER PRIMARY KEY,
    at                  TEXT    NOT NULL,
    -- 'staff:<id>:<role>', 'applicant' or 'system'.
    actor               TEXT    NOT NULL,
    action              TEXT    NOT NULL,
    entity              TEXT    NOT NULL,
    entity_id           INTEGER NOT NULL,
    before              TEXT,
    after               TEXT,
    prev_hash           TEXT    NOT NULL,
    hash                TEXT    NOT NULL
);

CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_by_actor ON audit_log (actor, seq);
