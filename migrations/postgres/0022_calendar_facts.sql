-- Calendar upkeep without a new release: the facts the government publishes every year (the
-- first day of Kurban Ait, transfers of days off), entered by the administrator with their
-- act. They are added to the compiled-in calendar; a Kurban Ait here replaces the compiled one.
CREATE TABLE calendar_facts (
    id                  BIGSERIAL PRIMARY KEY,
    year                BIGINT NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('kurban_ait', 'transfer')),
    -- Kurban Ait's date, or the weekday made a day off.
    day                 TEXT    NOT NULL,
    -- The Saturday or Sunday made a working day (transfers only).
    working_day         TEXT,
    act_kind            TEXT,
    act_number          TEXT,
    act_dated           TEXT,
    source              TEXT    NOT NULL,
    added_by            BIGINT NOT NULL REFERENCES staff (id),
    added_at            TEXT    NOT NULL
);
-- One Kurban Ait a year; a day is made a day off (or a working day) once.
CREATE UNIQUE INDEX calendar_facts_kurban_ait ON calendar_facts (year) WHERE kind = 'kurban_ait';
CREATE UNIQUE INDEX calendar_facts_day ON calendar_facts (day);
CREATE UNIQUE INDEX calendar_facts_working_day ON calendar_facts (working_day);
