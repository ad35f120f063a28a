-- Patrol zones become editable by supervisors: a schedule and notes, who changed them last, and the
-- version a save must name (optimistic concurrency: a stale version is a 409, never an overwrite).
ALTER TABLE patrol_zones
  ADD COLUMN schedule   jsonb  NOT NULL DEFAULT '{"days": [], "shifts": []}',
  ADD COLUMN notes      text   NOT NULL DEFAULT '',
  ADD COLUMN created_by bigint REFERENCES users (id),
  ADD COLUMN updated_by bigint REFERENCES users (id);

-- Stored rings are counter-clockwise (RFC 7946) and non-empty; ST_IsValid was already required.
ALTER TABLE patrol_zones
  ADD CONSTRAINT patrol_zones_not_empty CHECK (NOT ST_IsEmpty(geom)),
  ADD CONSTRAINT patrol_zones_name_length CHECK (char_length(name) BETWEEN 1 AND 60),
  ADD CONSTRAINT patrol_zones_team_length CHECK (char_length(team) BETWEEN 1 AND 60);

-- Zone changes are pushed like every other change: through the outbox.
ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'incident.created', 'incident.updated', 'space.status', 'sensor.reading',
  'zone.created', 'zone.updated', 'zone.deleted'));
