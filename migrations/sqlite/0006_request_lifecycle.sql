-- The request lifecycle of rules::lifecycle: the statuses a request passes through from
-- registration to closing. 'extended' was a status and is now an event that keeps the
-- status (clause 32: under review, with the answer due on the 30th day), shown in the
-- timeline by its note; 'answered' is 'closed' (clause 35: closed by a final reasoned
-- answer). No code wrote 'extended' or 'answered' before this release but tests, so no
-- stored deadline needs moving.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt. Foreign keys stay
-- on (sqlx runs a migration inside a transaction, where they cannot be turned off), so the
-- timeline, the one table that references requests, is set aside first and put back after.
CREATE TABLE request_events_copy AS SELECT * FROM request_events;
DROP TABLE request_events;

CREATE TABLE requests_new (
    id                  INTEGER PRIMARY KEY,
    number              TEXT    NOT NULL UNIQUE,
    -- The form's one-time key: a resend or a double click returns the same request.
    idempotency_key     TEXT    NOT NULL UNIQUE,
    applicant_kind      TEXT    NOT NULL CHECK (applicant_kind IN ('individual', 'representative')),
    iin                 TEXT    NOT NULL,
    bin                 TEXT,
    organisation        TEXT,
    poa_number          TEXT,
    poa_date            TEXT,
    surname             TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    patronymic          TEXT,
    phone               TEXT    NOT NULL,
    email               TEXT,
    official_id         INTEGER NOT NULL REFERENCES officials (id),
    topic_id            TEXT    NOT NULL,
    essence             TEXT    NOT NULL,
    lang                TEXT    NOT NULL CHECK (lang IN ('kk', 'ru')),
    video_consent       INTEGER NOT NULL,
    out_of_turn         TEXT,
    foreigner           INTEGER NOT NULL,
    interpreter_lang    TEXT,
    channel             TEXT    NOT NULL DEFAULT 'web',
    received_at         TEXT    NOT NULL,
    received_local      TEXT    NOT NULL,
    registration_due    TEXT    NOT NULL,
    answer_due          TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('registered', 'under_review', 'proposed', 'approved', 'scheduled',
                                    'arrived', 'received', 'no_show', 'under_control', 'closed', 'refused',
                                    'left_without_consideration', 'withdrawn')),
    refusal_clause      TEXT,
    refusal_kk          TEXT,
    refusal_ru          TEXT,
    reception_day_id    INTEGER REFERENCES reception_days (id),
    slot_start          TEXT,
    video_link          TEXT,
    identity_kind       TEXT    NOT NULL DEFAULT 'iin' CHECK (identity_kind IN ('iin', 'document'))
);


INSERT INTO requests_new (id, number, idempotency_key, applicant_kind, iin, bin, organisation, poa_number, poa_date, surname, name, patronymic, phone, email, official_id, topic_id, essence, lang, video_consent, out_of_turn, foreigner, interpreter_lang, channel, received_at, received_local, registration_due, answer_due, status, refusal_clause, refusal_kk, refusal_ru, reception_day_id, slot_start, video_link, identity_kind)
SELECT id, number, idempotency_key, applicant_kind, iin, bin, organisation, poa_number, poa_date, surname, name, patronymic, phone, email, official_id, topic_id, essence, lang, video_consent, out_of_turn, foreigner, interpreter_lang, channel, received_at, received_local, registration_due, answer_due, CASE status WHEN 'extended' THEN 'under_review' WHEN 'answered' THEN 'closed' ELSE status END, refusal_clause, refusal_kk, refusal_ru, reception_day_id, slot_start, video_link, identity_kind
FROM requests;

DROP TABLE requests;
ALTER TABLE requests_new RENAME TO requests;
CREATE INDEX requests_by_iin ON requests (iin);

CREATE TABLE request_events (
    id                  INTEGER PRIMARY KEY,
    request_id          INTEGER NOT NULL REFERENCES requests (id),
    at                  TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    note_kk             TEXT,
    note_ru             TEXT
);
INSERT INTO request_events (id, request_id, at, status, note_kk, note_ru)
SELECT id, request_id, at,
       CASE status WHEN 'extended' THEN 'under_review' WHEN 'answered' THEN 'closed' ELSE status END,
       CASE WHEN status = 'extended' AND note_kk IS NULL THEN 'Қарау мерзімі ұзартылды' ELSE note_kk END,
       CASE WHEN status = 'extended' AND note_ru IS NULL THEN 'Срок рассмотрения продлён' ELSE note_ru END
FROM request_events_copy;
DROP TABLE request_events_copy;
CREATE INDEX request_events_by_request ON request_events (request_id, id);
