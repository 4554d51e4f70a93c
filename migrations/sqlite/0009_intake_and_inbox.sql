-- Clause 4: requests of every channel. A request on paper may be registered days after it
-- arrived: clause 27's 3 working days run from `received_local`, clause 31's 15 days from
-- `registered_local` (NULL: registered as it arrived, through the site's form).
ALTER TABLE requests ADD COLUMN registered_local TEXT;
-- The number in the e-document system or on egov.kz, when there is one.
ALTER TABLE requests ADD COLUMN external_number TEXT;

-- The clerks' inbox: by status, by official, by term, by surname.
CREATE INDEX requests_by_status ON requests (status, id);
CREATE INDEX requests_by_official ON requests (official_id, id);
CREATE INDEX requests_by_answer_due ON requests (answer_due, id);
CREATE INDEX requests_by_surname ON requests (surname);
