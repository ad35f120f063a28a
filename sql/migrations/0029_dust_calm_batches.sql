-- A calm batch of dust readings in one statement (issue #16's benchmark).
--
-- Most batches cannot change any site's alarm: every value at or below every rule's limit, no active
-- alarm at their sites, quiet at night — `dust_alarm_suspects` names none. Such a batch needs nothing
-- evaluated in its transaction, so it is stored and its `sensor.reading` events written by one call,
-- one statement committed on its own: one round trip where the transaction took four (BEGIN, store,
-- events, COMMIT), and the events never travel to the server and back. A batch that may change an
-- alarm is left untouched here (its suspects are returned) and goes through `dust_store_readings` in
-- a transaction with the alarms' evaluation (server/src/ingest/ingest.service.ts).

-- dust_alarm_suspects (0028) looked up every reading's sensor and site before asking anything. Now a
-- site is looked at only when it may change: one of its readings is above the lowest enabled limit
-- of its metric (any phase), is minute data or is loud at night, or it has an active alarm. A site
-- with none of these has neither an active alarm nor a reading above any limit that applies to it,
-- so the full tests (the same as 0028's) would name it nowhere: the answer is the same, and the
-- usual batch (calm) costs its parse and two small lookups.
CREATE OR REPLACE FUNCTION dust_alarm_suspects(readings jsonb, night_limit_db real)
RETURNS TABLE (site_id integer, read_at timestamptz, active boolean, may_trip boolean, may_be_noisy boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  WITH parsed AS (
    SELECT i.code, i.kind, i.at,
           dust_usable(i.pm10, i.pm10_flag) AS pm10, dust_usable(i.pm25, i.pm25_flag) AS pm25,
           dust_usable(i.tsp, i.tsp_flag) AS tsp, dust_usable(i.noise_db, i.noise_flag) AS noise
      FROM jsonb_to_recordset(readings)
        AS i(code text, kind text, at timestamptz, pm10 real, pm10_flag text, pm25 real, pm25_flag text,
             tsp real, tsp_flag text, noise_db real, noise_flag text)
     WHERE i.kind <> 'hour'
  ),
  lowest AS (
    SELECT min(r.limit_ugm3) FILTER (WHERE r.metric = 'pm10') AS pm10,
           min(r.limit_ugm3) FILTER (WHERE r.metric = 'pm25') AS pm25,
           min(r.limit_ugm3) FILTER (WHERE r.metric = 'tsp') AS tsp
      FROM dust_rules r
     WHERE r.enabled
  ),
  looked_at AS (
    SELECT s.site_id
      FROM dust_sensors s
     WHERE s.site_id IS NOT NULL
       AND s.code IN (SELECT p.code FROM parsed p, lowest l
                       WHERE p.kind = 'minute' OR p.pm10 > l.pm10 OR p.pm25 > l.pm25 OR p.tsp > l.tsp
                          OR p.noise > night_limit_db)
    UNION
    SELECT a.site_id
      FROM dust_alarms a
     WHERE a.cleared_at IS NULL
       AND EXISTS (SELECT 1 FROM dust_sensors s
                    WHERE s.site_id = a.site_id AND s.code IN (SELECT p.code FROM parsed p))
  ),
  batch AS (
    SELECT s.site_id AS site, p.kind, p.at, p.pm10, p.pm25, p.tsp, p.noise
      FROM parsed p
      JOIN dust_sensors s ON s.code = p.code
     WHERE s.site_id IN (SELECT l.site_id FROM looked_at l)
  ),
  sites AS (
    SELECT site.id::int AS id,
           -- The site's newest reading in the batch: its alarms are judged at that time (its local day).
           (SELECT max(b.at) FROM batch b WHERE b.site = site.id) AS newest,
           EXISTS (SELECT 1 FROM dust_alarms a WHERE a.site_id = site.id AND a.cleared_at IS NULL) AS has_active,
           EXISTS (SELECT 1
                     FROM batch b
                     JOIN dust_rules rule ON rule.enabled AND dust_rule_applies(rule.site_phase, site.phase)
                    WHERE b.site = site.id
                      AND (b.kind = 'minute'
                           OR CASE rule.metric WHEN 'pm10' THEN b.pm10 WHEN 'pm25' THEN b.pm25
                                               WHEN 'tsp' THEN b.tsp END > rule.limit_ugm3)) AS trips,
           (night_limit_db IS NOT NULL AND NOT site.night_work_permit
            AND EXISTS (SELECT 1 FROM batch b
                         WHERE b.site = site.id AND (b.kind = 'minute' OR b.noise > night_limit_db))) AS noisy
      FROM construction_sites site
     WHERE site.id IN (SELECT l.site_id FROM looked_at l)
  )
  SELECT x.id, x.newest, x.has_active, x.trips, x.noisy FROM sites x WHERE x.has_active OR x.trips OR x.noisy ORDER BY x.id;
END
$$;

-- The suspects of a batch as the server reads them (dust.repository.ts AlarmSuspect), said once for
-- both ways of storing.
CREATE FUNCTION dust_alarm_suspects_json(readings jsonb, night_limit_db real) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT coalesce(json_agg(json_build_object('siteId', s.site_id, 'at', s.read_at, 'active', s.active,
                                             'mayTrip', s.may_trip, 'mayBeNoisy', s.may_be_noisy)
                           ORDER BY s.site_id), '[]'::json)
    FROM dust_alarm_suspects(readings, night_limit_db) s
$$;

CREATE OR REPLACE FUNCTION dust_store_readings(readings jsonb, night_limit_db real)
RETURNS TABLE (new_count integer, known_codes text[], newest_events json, suspects json)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  SELECT i.new_count, i.known_codes, i.newest_events, dust_alarm_suspects_json(readings, night_limit_db)
    FROM dust_insert_readings(readings) i;
END
$$;

-- Store a batch and write its events when it has no suspects (`stored`); else write nothing and
-- return them. Call it outside a transaction: the events take the outbox lock (0003_outbox.sql), held
-- until the statement's own commit.
CREATE FUNCTION dust_store_calm_readings(readings jsonb, night_limit_db real)
RETURNS TABLE (stored boolean, new_count integer, known_codes text[], suspects json)
LANGUAGE plpgsql AS $$
DECLARE
  found json := dust_alarm_suspects_json(readings, night_limit_db);
  batch record;
BEGIN
  IF json_array_length(found) > 0 THEN
    RETURN QUERY SELECT false, 0, '{}'::text[], found;
    RETURN;
  END IF;
  SELECT * INTO batch FROM dust_insert_readings(readings);
  PERFORM emit_events('sensor.reading', batch.newest_events::jsonb);
  RETURN QUERY SELECT true, batch.new_count, batch.known_codes, found;
END
$$;
