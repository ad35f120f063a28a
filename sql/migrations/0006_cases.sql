-- Incidents become cases of the 数字城管 workflow (shared/src/workflow.ts is the state machine):
-- who has them, the clock of the current stage, the unit-grid cell and patrol zones they lie in,
-- and a history of every action with who, when and why.

ALTER TABLE incidents DROP CONSTRAINT incidents_status_check;
UPDATE incidents SET status = 'feedback' WHERE status = 'handled';
UPDATE incidents SET status = 'handling' WHERE status = 'extended';
ALTER TABLE incidents ADD CONSTRAINT incidents_status_check CHECK (status IN (
  'reported', 'filed', 'cancelled', 'dispatched', 'handling', 'feedback', 'rework', 'checked', 'deferred', 'closed'));

-- 万米单元网格: about 10,000 m² cells of the built-up area, coded district(6) + sub-district(3) +
-- community(3) + grid(2).
CREATE TABLE unit_grid (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{14}$'),
  geom geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX unit_grid_geom_idx ON unit_grid USING gist (geom);

ALTER TABLE incidents
  ADD COLUMN reported_by      bigint REFERENCES users (id),
  ADD COLUMN department_code  text REFERENCES departments (code),
  ADD COLUMN grid_code        text,
  ADD COLUMN zone_ids         bigint[] NOT NULL DEFAULT '{}',
  -- The clock of the current stage; null while none runs (closed, cancelled, deferred, checked).
  ADD COLUMN deadline_at      timestamptz,
  ADD COLUMN overdue          boolean NOT NULL DEFAULT false,
  -- Working hours left on the clock when the case was deferred (缓办), restored on resume.
  ADD COLUMN paused_hours     double precision,
  ADD COLUMN filed_at         timestamptz,
  ADD COLUMN dispatched_at    timestamptz,
  -- Deadline of disposal, including extensions: what 按期结案 is measured against.
  ADD COLUMN disposal_due_at  timestamptz,
  ADD COLUMN feedback_at      timestamptz,
  ADD COLUMN closed_at        timestamptz,
  ADD COLUMN extension_count  integer NOT NULL DEFAULT 0,
  ADD COLUMN rework_count     integer NOT NULL DEFAULT 0,
  ADD COLUMN version          integer NOT NULL DEFAULT 1;

CREATE INDEX incidents_department_idx ON incidents (department_code, status);
CREATE INDEX incidents_deadline_idx ON incidents (deadline_at) WHERE deadline_at IS NOT NULL AND NOT overdue;
CREATE INDEX incidents_dispatched_idx ON incidents (dispatched_at);

CREATE TABLE case_history (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id     bigint NOT NULL REFERENCES incidents (id),
  action          text NOT NULL CHECK (action IN ('report', 'file', 'cancel', 'dispatch', 'accept', 'return',
                    'feedback', 'check_pass', 'check_fail', 'close', 'extend', 'defer', 'resume')),
  from_status     text,
  to_status       text NOT NULL,
  actor_id        bigint REFERENCES users (id),
  at              timestamptz NOT NULL DEFAULT now(),
  comment         text,
  department_code text REFERENCES departments (code),
  extra_hours     double precision
);
CREATE INDEX case_history_incident_idx ON case_history (incident_id, id);

CREATE TABLE case_photos (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  history_id   bigint NOT NULL REFERENCES case_history (id),
  kind         text NOT NULL CHECK (kind IN ('before', 'after')),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes        integer NOT NULL CHECK (bytes > 0),
  path         text NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_photos_history_idx ON case_photos (history_id);
