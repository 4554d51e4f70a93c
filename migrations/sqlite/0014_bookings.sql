-- Clauses 29-30: a reception day's slots and their seats; a booking takes one seat. The
-- primary key makes a double booking impossible, whatever the writers do at once.
ALTER TABLE reception_days ADD COLUMN slot_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE reception_days ADD COLUMN seats_per_slot INTEGER NOT NULL DEFAULT 1;

CREATE TABLE bookings (
    reception_day_id    INTEGER NOT NULL REFERENCES reception_days (id),
    slot_start          TEXT    NOT NULL,
    seat                INTEGER NOT NULL CHECK (seat >= 1),
    request_id          INTEGER NOT NULL UNIQUE REFERENCES requests (id),
    PRIMARY KEY (reception_day_id, slot_start, seat)
);

-- The requests scheduled before bookings existed keep their places.
INSERT INTO bookings (reception_day_id, slot_start, seat, request_id)
SELECT reception_day_id, slot_start,
       ROW_NUMBER() OVER (PARTITION BY reception_day_id, slot_start ORDER BY id), id
FROM requests WHERE reception_day_id IS NOT NULL AND slot_start IS NOT NULL
  AND status <> 'withdrawn';
