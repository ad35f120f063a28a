-- Dust readings per kind, with the devices' data flags, in monthly partitions (issue #16).
--
-- An HJ 212-2017 monitor sends real-time (CN 2011), minute (2051) and hour (2061) data for the same
-- times; each is kept as its own row: one per sensor, kind and device time (a resent packet is a
-- no-op). Every value comes with its data flag as sent (null when the device sent none), and a value
-- the instrument itself marks unusable (fault, maintenance, calibration, …) is stored all the same —
-- rules only read what `dust_usable` lets through. A monitor may measure noise only, or report a
-- fault for PM10, so no value is required. Other parameters (temperature, humidity, wind) and the
-- minute and hour data's Min/Max go to `other`, as sent, by HJ 212 code.
--
-- At a few readings a minute per sensor, years of readings are hundreds of millions of rows: the table
-- is range-partitioned by month of `read_at` (UTC), with native partitioning — no extension, the same
-- migration on the embedded PGlite (PostgreSQL 18) and on PostgreSQL. The server creates the coming
-- months' partitions ahead of time and drops the months past its retention setting
-- (server/src/dust/partitions.ts) through the two functions below; there is no default partition, so
-- a reading for a month without one is refused, never stored somewhere it would not be found.

ALTER TABLE dust_readings RENAME TO dust_readings_0002;
ALTER TABLE dust_readings_0002 RENAME CONSTRAINT dust_readings_pkey TO dust_readings_0002_pkey;

CREATE TABLE dust_readings (
  sensor_id  bigint NOT NULL REFERENCES dust_sensors (id),
  kind       text NOT NULL CHECK (kind IN ('realtime', 'minute', 'hour')),
  read_at    timestamptz NOT NULL,
  pm10       real,
  pm10_flag  text CHECK (pm10_flag ~ '^[A-Za-z]$'),
  pm25       real,
  pm25_flag  text CHECK (pm25_flag ~ '^[A-Za-z]$'),
  tsp        real,
  tsp_flag   text CHECK (tsp_flag ~ '^[A-Za-z]$'),
  noise_db   real,
  noise_flag text CHECK (noise_flag ~ '^[A-Za-z]$'),
  other      jsonb CHECK (jsonb_typeof(other) = 'object'),
  PRIMARY KEY (sensor_id, kind, read_at)
) PARTITION BY RANGE (read_at);

-- A sensor's newest reading of any kind (the map, its live event) and time ranges across kinds.
CREATE INDEX dust_readings_sensor_time_idx ON dust_readings (sensor_id, read_at);

-- When the sensor last reported (server time), whether or not the reading was new: offline detection
-- reads this, not device clocks.
ALTER TABLE dust_sensors ADD COLUMN last_reported_at timestamptz;

-- Whether a stored value may be used: there is one, it is not negative, and its flag is N (normal),
-- T (over the instrument's range: the air is at least that bad, which is what an alarm must see) or
-- none. D fault, M maintenance, C calibration, F stopped and every other flag (S set by hand, B
-- communication lost, …) mean the number does not describe the air. Rules, charts and the map read
-- values through this, and only this, definition.
CREATE FUNCTION dust_usable(value real, flag text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value >= 0 AND (flag IS NULL OR flag IN ('N', 'T')) THEN value END
$$;

-- The readings a time series is made of (rules' window means, trends, charts, playback): a sensor's
-- minute data where it sends minute data for that minute, else its real-time data — never both for
-- the same minute, never hour data (each hour mean would count again) — with usable values only.
CREATE VIEW dust_series AS
SELECT r.sensor_id, r.read_at, r.kind,
       dust_usable(r.pm10, r.pm10_flag)     AS pm10,
       dust_usable(r.pm25, r.pm25_flag)     AS pm25,
       dust_usable(r.tsp, r.tsp_flag)       AS tsp,
       dust_usable(r.noise_db, r.noise_flag) AS noise_db
  FROM dust_readings r
 WHERE r.kind = 'minute'
    OR (r.kind = 'realtime'
        AND NOT EXISTS (SELECT 1 FROM dust_readings m
                         WHERE m.sensor_id = r.sensor_id AND m.kind = 'minute'
                           AND m.read_at = date_trunc('minute', r.read_at)));

-- Each sensor's newest reading, as the map shows it and its live events carry it: real-time or
-- minute data (an hour mean is not the air now), the newest device time, real-time data before minute
-- data of the same time; usable values only.
CREATE VIEW dust_latest AS
SELECT s.id AS sensor_id, l.read_at, l.kind, l.pm10, l.pm25, l.tsp, l.noise_db
  FROM dust_sensors s
 CROSS JOIN LATERAL (
        SELECT r.read_at, r.kind,
               dust_usable(r.pm10, r.pm10_flag)      AS pm10,
               dust_usable(r.pm25, r.pm25_flag)      AS pm25,
               dust_usable(r.tsp, r.tsp_flag)        AS tsp,
               dust_usable(r.noise_db, r.noise_flag) AS noise_db
          FROM dust_readings r
         WHERE r.sensor_id = s.id AND r.kind <> 'hour'
         ORDER BY r.read_at DESC, r.kind DESC
         LIMIT 1) l;

-- The partition holding `month`'s readings (UTC month), created if missing; returns its name. Takes a
-- transaction lock so that server processes starting together do not race on the catalog.
CREATE FUNCTION dust_readings_partition(month date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name  text := format('dust_readings_%s', to_char(first, 'YYYY_MM'));
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('citygrid.dust-partitions'));
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF dust_readings FOR VALUES FROM (%L) TO (%L)',
    name,
    first::timestamp AT TIME ZONE 'UTC',
    (first + interval '1 month')::timestamp AT TIME ZONE 'UTC');
  RETURN name;
END
$$;

-- Drop the partitions of months before `keep_from` (whose readings are all older than the retention);
-- returns the names dropped. Partitions are named by month (dust_readings_YYYY_MM), which sort in time.
CREATE FUNCTION dust_readings_drop_before(keep_from date) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('citygrid.dust-partitions'));
  FOR part IN
    SELECT c.relname
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'dust_readings'::regclass
       AND c.relname ~ '^dust_readings_\d{4}_\d{2}$'
       AND c.relname < format('dust_readings_%s', to_char(keep_from, 'YYYY_MM'))
     ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
END
$$;

-- Store a batch of readings (`readings`: a JSON array of {code, kind, at, pm10, pm10_flag, pm25,
-- pm25_flag, tsp, tsp_flag, noise_db, noise_flag, other}) — server/src/dust/dust.repository.ts says
-- what it returns and why. A function, so that its plans are kept for the session: sent as a query,
-- the same SQL was planned again for every packet of every device, most of a reading's cost.
-- The months' partitions are made first where missing (a device sending back older data), before the
-- INSERT that needs them.
CREATE FUNCTION dust_insert_readings(readings jsonb)
RETURNS TABLE (new_count integer, known_codes text[], newest_events json)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dust_readings_partition(m.month)
     FROM (SELECT DISTINCT (date_trunc('month', (r->>'at')::timestamptz AT TIME ZONE 'UTC'))::date AS month
             FROM jsonb_array_elements(readings) AS r) m
    WHERE to_regclass(format('dust_readings_%s', to_char(m.month, 'YYYY_MM'))) IS NULL;

  RETURN QUERY
  WITH input AS (
    SELECT s.id AS sensor_id, s.code, s.site_id, i.kind, i.at, i.pm10, i.pm10_flag, i.pm25, i.pm25_flag,
           i.tsp, i.tsp_flag, i.noise_db, i.noise_flag, i.other, ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat
      FROM jsonb_to_recordset(readings)
        AS i(code text, kind text, at timestamptz, pm10 real, pm10_flag text, pm25 real, pm25_flag text,
             tsp real, tsp_flag text, noise_db real, noise_flag text, other jsonb)
      JOIN dust_sensors s ON s.code = i.code
  ),
  inserted AS (
    INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm10_flag, pm25, pm25_flag,
                               tsp, tsp_flag, noise_db, noise_flag, other)
    SELECT x.sensor_id, x.kind, x.at, x.pm10, x.pm10_flag, x.pm25, x.pm25_flag,
           x.tsp, x.tsp_flag, x.noise_db, x.noise_flag, x.other
      FROM input x
    ON CONFLICT (sensor_id, kind, read_at) DO NOTHING
    RETURNING dust_readings.sensor_id, dust_readings.kind, dust_readings.read_at
  ),
  -- When each sensor last reported, to the half minute: a row updated for every packet of every
  -- device bloated the sensors' table (every batch reads it) and queued batches on its row locks.
  -- Locked in id order: two batches sharing sensors never wait on each other in a circle; a row
  -- another batch has just brought up to date is skipped (the condition is checked again once locked).
  -- NO KEY UPDATE: it leaves the KEY SHARE locks of the readings' foreign key (taken in batch order)
  -- alone, so those cannot close a circle with it.
  locked AS (
    SELECT s.id FROM dust_sensors s
     WHERE s.id IN (SELECT x.sensor_id FROM input x)
       AND (s.last_reported_at IS NULL OR s.last_reported_at < now() - interval '30 seconds')
     ORDER BY s.id FOR NO KEY UPDATE
  ),
  reported AS (
    UPDATE dust_sensors s SET last_reported_at = now() FROM locked WHERE s.id = locked.id
  ),
  newest AS (
    SELECT DISTINCT ON (i.sensor_id) i.*
      FROM input i
      JOIN inserted n ON n.sensor_id = i.sensor_id AND n.kind = i.kind AND n.read_at = i.at
     -- What dust_latest would show: real-time or minute data, newest time, real-time before minute;
     -- the subqueries read the table as it was before this statement (readings stored earlier). Two
     -- ranges of the (sensor_id, read_at) index, not one OR: that read every reading of the sensor.
     WHERE i.kind <> 'hour'
       AND NOT EXISTS (SELECT 1 FROM dust_readings o
                        WHERE o.sensor_id = i.sensor_id AND o.read_at > i.at AND o.kind <> 'hour')
       AND NOT EXISTS (SELECT 1 FROM dust_readings o
                        WHERE o.sensor_id = i.sensor_id AND o.read_at = i.at AND o.kind > i.kind AND o.kind <> 'hour')
     ORDER BY i.sensor_id, i.at DESC, i.kind DESC
  )
  SELECT (SELECT count(*) FROM inserted)::int,
         coalesce((SELECT array_agg(DISTINCT x.code) FROM input x), '{}'),
         coalesce((SELECT json_agg(json_build_object(
                     'sensorId', w.code, 'siteId', w.site_id, 'at', w.at,
                     'pm10', dust_usable(w.pm10, w.pm10_flag), 'pm25', dust_usable(w.pm25, w.pm25_flag),
                     'tsp', dust_usable(w.tsp, w.tsp_flag), 'noiseDb', dust_usable(w.noise_db, w.noise_flag),
                     'lng', w.lng, 'lat', w.lat) ORDER BY w.at, w.sensor_id)
                     FROM newest w), '[]'::json);
END
$$;

-- The readings stored so far came over HTTP: real-time data, without flags.
SELECT dust_readings_partition(m)
  FROM (SELECT DISTINCT (date_trunc('month', read_at AT TIME ZONE 'UTC'))::date AS m FROM dust_readings_0002) months;

INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm25, tsp, noise_db)
SELECT sensor_id, 'realtime', read_at, pm10, pm25, tsp, noise_db
  FROM dust_readings_0002;

UPDATE dust_sensors s
   SET last_reported_at = (SELECT max(r.read_at) FROM dust_readings_0002 r WHERE r.sensor_id = s.id);

DROP TABLE dust_readings_0002;
