-- Staff accounts, their sessions and failed sign-ins (the staff workspace).
CREATE TABLE staff (
    id                  BIGSERIAL PRIMARY KEY,
    login               TEXT    NOT NULL UNIQUE,
    full_name           TEXT    NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('administrator', 'clerk',
                                    'head_of_department', 'chief_of_staff',
                                    'receiving_official', 'aide')),
    -- Argon2id in the PHC string format; never the password itself.
    password_hash       TEXT    NOT NULL,
    -- A password given by an operator or an administrator is changed at the first sign-in.
    must_change_password BIGINT  NOT NULL DEFAULT 1,
    active              BIGINT  NOT NULL DEFAULT 1,
    created_at          TEXT    NOT NULL
);

-- A session is known by the SHA-256 of its cookie's token: the table alone opens nothing.
CREATE TABLE staff_sessions (
    token_hash          TEXT    PRIMARY KEY,
    staff_id            BIGINT  NOT NULL REFERENCES staff (id),
    created_at          TEXT    NOT NULL,
    last_seen_at        TEXT    NOT NULL
);

CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

-- Failed sign-ins, per account (`login:<login>`) and per client (`client:<address>`): the
-- limit holds across instances because it is counted here.
CREATE TABLE sign_in_failures (
    id                  BIGSERIAL PRIMARY KEY,
    key                 TEXT    NOT NULL,
    at                  TEXT    NOT NULL
);

CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
