-- The clerks' search by surname finds it whatever its case (and «ё» as «е»): the surname
-- folded by `rules::application::surname_key`, written with the request. Rows registered
-- before this column are folded once by the server at start (`Store::fold_surnames`): the
-- engines' own lower() leaves Cyrillic as it is.
ALTER TABLE requests ADD COLUMN surname_key TEXT;
CREATE INDEX requests_by_surname_key ON requests (surname_key);
DROP INDEX requests_by_surname;
