-- Requests for a personal reception (clauses 4, 5, 10-16, 23, 27, 31, 32) and their timeline.

-- Registration numbers run per year: KRG-2026-000123.
CREATE TABLE registration_counters (
    year                BIGINT PRIMARY KEY,
    last                BIGINT NOT NULL
);

CREATE TABLE requests (
    id                  BIGSERIAL PRIMARY KEY,
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
    official_id         BIGINT NOT NULL REFERENCES officials (id),
    topic_id            TEXT    NOT NULL,
    essence             TEXT    NOT NULL,
    lang                TEXT    NOT NULL CHECK (lang IN ('kk', 'ru')),
    video_consent       BIGINT NOT NULL,
    out_of_turn         TEXT,
    foreigner           BIGINT NOT NULL,
    interpreter_lang    TEXT,
    channel             TEXT    NOT NULL DEFAULT 'web',
    received_at         TEXT    NOT NULL,
    received_local      TEXT    NOT NULL,
    registration_due    TEXT    NOT NULL,
    answer_due          TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('registered', 'extended', 'scheduled',
                                    'refused', 'withdrawn', 'received', 'answered')),
    refusal_clause      TEXT,
    refusal_kk          TEXT,
    refusal_ru          TEXT,
    reception_day_id    BIGINT REFERENCES reception_days (id),
    slot_start          TEXT,
    video_link          TEXT
);

CREATE INDEX requests_by_iin ON requests (iin);

CREATE TABLE request_events (
    id                  BIGSERIAL PRIMARY KEY,
    request_id          BIGINT NOT NULL REFERENCES requests (id),
    at                  TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    note_kk             TEXT,
    note_ru             TEXT
);

CREATE INDEX request_events_by_request ON request_events (request_id, id);
