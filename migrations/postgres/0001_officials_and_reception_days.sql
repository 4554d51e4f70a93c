-- Officials of the akimat's apparatus who receive citizens (clause 2) and their
-- published reception days (clauses 6, 7). Dates are ISO text (YYYY-MM-DD), times HH:MM,
-- both in Asia/Almaty local time: the same representation on SQLite and PostgreSQL.
CREATE TABLE officials (
    id                  BIGSERIAL PRIMARY KEY,
    role                TEXT    NOT NULL CHECK (role IN ('akim', 'deputy_akim', 'chief_of_staff',
                                    'deputy_chief_of_staff', 'head_of_department', 'other_authorised')),
    surname_kk          TEXT    NOT NULL,
    name_kk             TEXT    NOT NULL,
    patronymic_kk       TEXT,
    surname_ru          TEXT    NOT NULL,
    name_ru             TEXT    NOT NULL,
    patronymic_ru       TEXT,
    position_kk         TEXT    NOT NULL,
    position_ru         TEXT    NOT NULL,
    sort_order          BIGINT  NOT NULL DEFAULT 0,
    active              BIGINT  NOT NULL DEFAULT 1
);

CREATE TABLE reception_days (
    id                  BIGSERIAL PRIMARY KEY,
    official_id         BIGINT  NOT NULL REFERENCES officials (id),
    day                 TEXT    NOT NULL CHECK (day ~ '^\d{4}-\d{2}-\d{2}$'),
    starts              TEXT    NOT NULL,
    ends                TEXT    NOT NULL CHECK (ends > starts),
    place_kk            TEXT    NOT NULL,
    place_ru            TEXT    NOT NULL,
    cancelled           BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (official_id, day, starts)
);

CREATE INDEX reception_days_by_day ON reception_days (day);
