-- Notices that cannot be e-mailed (no address) or whose e-mail failed for good: staff phone
-- the applicant and record it here, once per message.
CREATE TABLE phone_calls (
    outbox_id           INTEGER PRIMARY KEY REFERENCES outbox (id),
    staff_id            INTEGER NOT NULL REFERENCES staff (id),
    at                  TEXT    NOT NULL,
    note                TEXT    NOT NULL
);
