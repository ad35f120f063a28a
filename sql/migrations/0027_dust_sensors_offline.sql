-- Offline dust monitors (issue #16): a monitor that has not reported for the configured gap
-- (DUST_OFFLINE_AFTER_MINUTES) is offline, drawn grey on the map with the time it went quiet, until
-- it reports again. server/src/dust/offline.ts keeps this column in step with `last_reported_at`
-- (0025) on a timer, off the ingest's hot path, and pushes every change as a `sensor.status` event.
--
-- `offline_since` is the server time of the monitor's last report — when it was last heard of, the
-- honest "offline since" — or, for a monitor that has never reported, its `installed_at`: a monitor
-- installed and silent past the gap (not wired, wrong MN or password) is the one most worth seeing
-- grey, and it was due to report from the day it was installed. Before the gap has passed it is
-- simply "no reading yet". Null: online. The gap is configuration, so nothing is marked here; the
-- server's first check, at start-up, marks the monitors already quiet.
ALTER TABLE dust_sensors ADD COLUMN offline_since timestamptz;

-- What `offline_since` should be for a monitor last heard of at `last_reported_at` (null: never),
-- installed at `installed_at`, when only reports after `heard_after` (the check's time less the gap)
-- count as recent: the time it was last heard of, once that is before `heard_after`; else null.
CREATE FUNCTION dust_offline_since(last_reported_at timestamptz, installed_at timestamptz, heard_after timestamptz)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(last_reported_at, installed_at) < heard_after
              THEN coalesce(last_reported_at, installed_at) END
$$;

ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'case.created', 'case.updated', 'space.status', 'sensor.reading', 'sensor.status',
  'zone.created', 'zone.updated', 'zone.deleted', 'lot.counts'
));
