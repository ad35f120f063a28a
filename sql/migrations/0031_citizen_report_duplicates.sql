-- Duplicates, merges and splits of citizens' reports (issue #17). Several reports may share one case: a
-- citizen who adds theirs to the case already open nearby, an operator who merges two cases into one.
-- So each report keeps its own words and place, and its photos are known as its own: a citizen sees only
-- what they sent, and an operator can split a report back out into a case of its own.
-- The case a report opened (null: it joined one), which never changes: while the report is on that
-- case, the case stands at its place and in its words, so it is not split out of it.
ALTER TABLE citizen_reports
  ADD COLUMN description text CHECK (length(description) <= 1000),
  ADD COLUMN geom geometry(Point, 4326),
  ADD COLUMN opened_case_id bigint REFERENCES cases (id);
-- Until now every report opened a case of its own: the case's words and place are the report's.
UPDATE citizen_reports r SET description = nullif(c.description, ''), geom = c.geom, opened_case_id = c.id
  FROM cases c WHERE c.id = r.case_id;
ALTER TABLE citizen_reports ALTER COLUMN geom SET NOT NULL;

-- The citizen's report a photo came with (before-photos it sent); null for staff photos.
ALTER TABLE case_photos ADD COLUMN citizen_report_id bigint REFERENCES citizen_reports (id);
UPDATE case_photos p SET citizen_report_id = r.id
  FROM case_history h JOIN citizen_reports r ON r.case_id = h.case_id
 WHERE p.history_id = h.id AND h.action = 'report';
CREATE INDEX case_photos_citizen_report_idx ON case_photos (citizen_report_id) WHERE citizen_report_id IS NOT NULL;

-- A case merged by hand into another ends (cancelled) and names the case it went into.
ALTER TABLE cases
  ADD COLUMN merged_into bigint REFERENCES cases (id),
  ADD CONSTRAINT cases_merged_into_other CHECK (merged_into <> id),
  ADD CONSTRAINT cases_merged_ended CHECK (merged_into IS NULL OR status = 'cancelled');

-- CASE_HISTORY_ACTIONS (shared/src/case.schema.ts): the workflow's actions, and how reports come
-- together or apart — a citizen's report joined (join), this case merged into another (merge) or
-- another into it (merge_in), reports split out of it (split) or it split out of another (split_from).
ALTER TABLE case_history
  DROP CONSTRAINT case_history_action_check,
  ADD CONSTRAINT case_history_action_check CHECK (action IN ('report', 'file', 'cancel', 'dispatch', 'accept', 'return',
    'feedback', 'check_pass', 'check_fail', 'close', 'extend', 'defer', 'resume',
    'join', 'merge', 'merge_in', 'split', 'split_from'));
