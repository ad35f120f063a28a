-- Rules about cases, said once. Every query, index and view uses these functions instead of spelling
-- the rule out again. Each is a single IMMUTABLE SQL expression: the planner inlines it, so a query
-- that says case_is_open(status) still matches an index whose predicate says the same.

-- A case is open until it is closed (结案) or cancelled (作废).
CREATE FUNCTION case_is_open(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT status NOT IN ('closed', 'cancelled') $$;

-- 按期结案: closed, with its disposal fed back by the (possibly extended) disposal deadline.
CREATE FUNCTION case_closed_on_time(status text, feedback_at timestamptz, disposal_due_at timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(status = 'closed' AND feedback_at <= disposal_due_at, false) $$;

-- Whether a case counts in the denominators of 结案率 and 按期结案率: all but the deferred (缓办),
-- whose clock stopped with the bureau's consent.
CREATE FUNCTION case_counts_toward_closure(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT status <> 'deferred' $$;

-- A dust alarm: a 0302 工地扬尘 case raised by a sensor (the dust rule opens them; see dust/alarms.ts).
CREATE FUNCTION case_is_dust_alarm(class_code text, source text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT class_code = '0302' AND source = 'sensor' $$;

DROP INDEX incidents_open_idx;
CREATE INDEX incidents_open_idx ON incidents (reported_at) WHERE case_is_open(status);
DROP INDEX incidents_one_open_alarm_per_site;
CREATE UNIQUE INDEX incidents_one_open_alarm_per_site ON incidents (alarm_site_id)
  WHERE alarm_site_id IS NOT NULL AND case_is_open(status);

-- The history's statuses are case statuses, as the case's own are.
ALTER TABLE case_history
  ADD CONSTRAINT case_history_from_status_check CHECK (from_status IN
    ('reported', 'filed', 'cancelled', 'dispatched', 'handling', 'feedback', 'rework', 'checked', 'deferred', 'closed')),
  ADD CONSTRAINT case_history_to_status_check CHECK (to_status IN
    ('reported', 'filed', 'cancelled', 'dispatched', 'handling', 'feedback', 'rework', 'checked', 'deferred', 'closed'));
