-- What a reception day needs besides its applicants, confirmed by the department: at the
-- akim's reception the representatives of clause 19; an interpreter in each language a
-- scheduled request asks for (clause 11). The item is an attendee's code or
-- `interpreter:<language>`.
CREATE TABLE day_checks (
    reception_day_id    INTEGER NOT NULL REFERENCES reception_days (id),
    item                TEXT    NOT NULL,
    confirmed_by        INTEGER NOT NULL REFERENCES staff (id),
    confirmed_at        TEXT    NOT NULL,
    PRIMARY KEY (reception_day_id, item)
);
