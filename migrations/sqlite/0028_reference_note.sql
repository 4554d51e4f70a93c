-- Clause 28: the department's reference note to the chief of staff, written when it proposes
-- a request: what it proposes (`reception` or `refusal`) and the note itself (the materials
-- gathered and analysed with the akimat's divisions). Kept with the request for the chief's
-- decision (29); never shown to the applicant.
ALTER TABLE requests ADD COLUMN note_proposes TEXT;
ALTER TABLE requests ADD COLUMN reference_note TEXT;
