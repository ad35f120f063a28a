-- One noun: case events are case.created / case.updated (were incident.*). Stored outbox rows are
-- renamed too, so a client catching up from before the change gets the same names as live ones.
ALTER TABLE events DROP CONSTRAINT events_type_check;
UPDATE events SET type = 'case.' || split_part(type, '.', 2) WHERE type IN ('incident.created', 'incident.updated');
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'case.created', 'case.updated', 'space.status', 'sensor.reading',
  'zone.created', 'zone.updated', 'zone.deleted', 'lot.counts'
));
