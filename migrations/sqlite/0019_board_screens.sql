-- The aides' wall screens: each signs in with a secret link of its own, made and revoked by
-- the administrator, never with a person's password. The table keeps the SHA-256 of the link's token, never the token.
CREATE TABLE board_screens (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL,
    token_hash          TEXT    NOT NULL UNIQUE,
    created_by          INTEGER NOT NULL REFERENCES staff (id),
    created_at          TEXT    NOT NULL,
    revoked_at          TEXT
);
