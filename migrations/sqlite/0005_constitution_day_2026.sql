-- Constitution Day moved (Constitution of 15 March 2026): 30 August is no holiday from 2026,
-- so Monday 31 August 2026 was a working day, not the carried-over day off the calendar data
-- said until this release. Requests received from 25 to 31 August 2026 were stored with
-- their clause 27 and clause 31 deadlines counted as if it were off; this sets them to the
-- deadlines of the law in force. Each row: received (local time) from, until (exclusive),
-- the deadlines counted now. `src/server/store.rs` checks every row against
-- `rules::deadlines` and that every changed deadline has its row
-- (the_2026_constitution_day_migration_matches_the_rules).
UPDATE requests SET registration_due = '2026-08-31', answer_due = '2026-09-10' WHERE received_local >= '2026-08-25 18:30' AND received_local < '2026-08-26 00:00';
UPDATE requests SET registration_due = '2026-08-31', answer_due = '2026-09-10' WHERE received_local >= '2026-08-26 00:00' AND received_local < '2026-08-26 09:00';
UPDATE requests SET registration_due = '2026-08-31', answer_due = '2026-09-10' WHERE received_local >= '2026-08-26 09:00' AND received_local < '2026-08-26 18:30';
UPDATE requests SET registration_due = '2026-09-01', answer_due = '2026-09-11' WHERE received_local >= '2026-08-26 18:30' AND received_local < '2026-08-27 00:00';
UPDATE requests SET registration_due = '2026-09-01', answer_due = '2026-09-11' WHERE received_local >= '2026-08-27 00:00' AND received_local < '2026-08-27 09:00';
UPDATE requests SET registration_due = '2026-09-01', answer_due = '2026-09-11' WHERE received_local >= '2026-08-27 09:00' AND received_local < '2026-08-27 18:30';
UPDATE requests SET registration_due = '2026-09-02', answer_due = '2026-09-11' WHERE received_local >= '2026-08-27 18:30' AND received_local < '2026-08-28 00:00';
UPDATE requests SET registration_due = '2026-09-02', answer_due = '2026-09-11' WHERE received_local >= '2026-08-28 00:00' AND received_local < '2026-08-28 09:00';
UPDATE requests SET registration_due = '2026-09-02', answer_due = '2026-09-11' WHERE received_local >= '2026-08-28 09:00' AND received_local < '2026-08-28 18:30';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-28 18:30' AND received_local < '2026-08-29 00:00';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-29 00:00' AND received_local < '2026-08-29 09:00';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-29 09:00' AND received_local < '2026-08-29 18:30';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-29 18:30' AND received_local < '2026-08-30 00:00';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-30 00:00' AND received_local < '2026-08-30 09:00';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-30 09:00' AND received_local < '2026-08-30 18:30';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-30 18:30' AND received_local < '2026-08-31 00:00';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-31 00:00' AND received_local < '2026-08-31 09:00';
UPDATE requests SET registration_due = '2026-09-03', answer_due = '2026-09-15' WHERE received_local >= '2026-08-31 09:00' AND received_local < '2026-08-31 18:30';
