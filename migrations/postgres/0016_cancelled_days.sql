-- Clause 17: why an official cannot receive on a day, and when the department was told (local
-- time), which decides whether the notice was timely.
ALTER TABLE reception_days ADD COLUMN cancel_reason TEXT
    CHECK (cancel_reason IN ('sick_leave', 'business_trip', 'other'));
ALTER TABLE reception_days ADD COLUMN cancel_notice_at TEXT;
