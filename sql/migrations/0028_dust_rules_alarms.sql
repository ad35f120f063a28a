-- Dust rules as data, dust alarms apart from cases, night construction noise (issue #16).
--
-- Rules differ by province and by construction phase, so they are rows that admins edit
-- (`/api/dust/rules`); the server seeds the table from CASE_RULES_FILE's `dustRule` (else a shipped
-- default) only while it is empty — after that this table is the one source. A site's **alarm** for a
-- rule trips when the rule trips and clears when its window means have stayed at or below the limit
-- long enough; the first alarm opens a 0302 工地扬尘 case, and alarms tripping while that case is open
-- are attached to it (server/src/dust/alarms.ts).
-- Numbered after 0027 (offline monitors) because both rewrite the outbox's list of event types: the
-- later one must name every type.

-- Phases that Chinese dust rules tell apart (Shaanxi DB61/1078-2017 sets TSP limits by phase):
-- 拆除 demolition, 土石方 earthwork, 基础/主体结构 structure, 装饰装修 finishing. Null: not recorded.
ALTER TABLE construction_sites ADD COLUMN phase text
  CHECK (phase IN ('demolition', 'earthwork', 'structure', 'finishing'));

CREATE TABLE dust_rules (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  metric                  text NOT NULL CHECK (metric IN ('pm10', 'pm25', 'tsp')),
  window_minutes          integer NOT NULL CHECK (window_minutes IN (5, 15, 60)),
  limit_ugm3              real NOT NULL CHECK (limit_ugm3 > 0),
  max_exceedances_per_day integer NOT NULL CHECK (max_exceedances_per_day >= 0),
  -- Only sites in this phase; null: every site.
  site_phase              text CHECK (site_phase IN ('demolition', 'earthwork', 'structure', 'finishing')),
  enabled                 boolean NOT NULL DEFAULT true,
  label                   text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);

-- Whether a rule for `rule_phase` (null: every phase) applies to a site in `site_phase`: said once, for the alarms.
CREATE FUNCTION dust_rule_applies(rule_phase text, site_phase text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT rule_phase IS NULL OR rule_phase = site_phase
$$;

-- Window means of one metric ('pm10', 'pm25', 'tsp' or 'noise') at each of `site_ids`, over the
-- readings in [from_at, to_at): windows of `window_minutes` aligned on `origin` (a local midnight, so
-- windows start at 00:00, 00:15, … local time), from `dust_series` (minute data where sent, usable
-- values only). Each sensor's window mean is its readings' mean; the site's is the worst of its
-- sensors' (a window is one exceedance however many of its monitors see it).
CREATE FUNCTION dust_window_means(site_ids bigint[], metric text, window_minutes integer,
                                  origin timestamptz, from_at timestamptz, to_at timestamptz)
RETURNS TABLE (site_id bigint, window_start timestamptz, mean double precision)
LANGUAGE sql STABLE AS $$
  SELECT per_sensor.site_id, per_sensor.window_start, max(per_sensor.mean)
    FROM (SELECT s.site_id,
                 date_bin(make_interval(mins => window_minutes), r.read_at, origin) AS window_start,
                 avg(CASE metric WHEN 'pm10' THEN r.pm10 WHEN 'pm25' THEN r.pm25
                                 WHEN 'tsp' THEN r.tsp WHEN 'noise' THEN r.noise_db END) AS mean
            FROM dust_series r
            JOIN dust_sensors s ON s.id = r.sensor_id
           WHERE s.site_id = ANY (site_ids) AND r.read_at >= from_at AND r.read_at < to_at
           GROUP BY s.site_id, r.sensor_id, 2) per_sensor
   WHERE per_sensor.mean IS NOT NULL
   GROUP BY per_sensor.site_id, per_sensor.window_start
$$;

CREATE TABLE dust_alarms (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES construction_sites (id),
  rule_id     bigint NOT NULL REFERENCES dust_rules (id),
  -- The rule as it was when the alarm tripped: an admin may edit the rule later, and the alarm must
  -- still say what it was judged against.
  metric         text NOT NULL CHECK (metric IN ('pm10', 'pm25', 'tsp')),
  window_minutes integer NOT NULL CHECK (window_minutes IN (5, 15, 60)),
  limit_ugm3     real NOT NULL CHECK (limit_ugm3 > 0),
  -- Device time of the newest reading when the rule tripped.
  tripped_at  timestamptz NOT NULL,
  -- The worst window mean (µg/m³) and the exceedances counted when it tripped.
  worst_mean  real NOT NULL,
  exceedances integer NOT NULL CHECK (exceedances > 0),
  -- When the means had stayed at or below the limit for the configured time; null: active.
  cleared_at  timestamptz CHECK (cleared_at >= tripped_at),
  -- The 0302 case it opened or was attached to.
  case_id     bigint REFERENCES cases (id)
);
-- At most one active alarm per site and rule.
CREATE UNIQUE INDEX dust_alarms_one_active ON dust_alarms (site_id, rule_id) WHERE cleared_at IS NULL;
CREATE INDEX dust_alarms_site_idx ON dust_alarms (site_id, tripped_at);
CREATE INDEX dust_alarms_case_idx ON dust_alarms (case_id);

-- Sensors now raise two classes of case for a site: 0302 工地扬尘 (dust alarms) and 0301 施工扰民
-- (night construction noise). One open case per site and class, not one per site.
DROP INDEX cases_one_open_alarm_per_site;
CREATE UNIQUE INDEX cases_one_open_alarm_per_site ON cases (alarm_site_id, class_code)
  WHERE alarm_site_id IS NOT NULL AND case_is_open(status);

ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'case.created', 'case.updated', 'space.status', 'sensor.reading', 'sensor.status', 'dust.alarm',
  'zone.created', 'zone.updated', 'zone.deleted', 'lot.counts'
));

-- The sites of a batch of readings (JSON array of {code, kind, at, pm10, pm10_flag, pm25, pm25_flag,
-- tsp, tsp_flag, noise_db, noise_flag}) where the batch may change an alarm, in id order, each with its
-- newest reading's time
-- (server/src/dust/dust.repository.ts AlarmSuspect says why each test suffices); `night_limit_db`:
-- the night noise limit at night, null by day.
CREATE FUNCTION dust_alarm_suspects(readings jsonb, night_limit_db real)
RETURNS TABLE (site_id integer, read_at timestamptz, active boolean, may_trip boolean, may_be_noisy boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  WITH batch AS (
    SELECT s.site_id AS site, i.kind, i.at,
           dust_usable(i.pm10, i.pm10_flag) AS pm10, dust_usable(i.pm25, i.pm25_flag) AS pm25,
           dust_usable(i.tsp, i.tsp_flag) AS tsp, dust_usable(i.noise_db, i.noise_flag) AS noise
      FROM jsonb_to_recordset(readings)
        AS i(code text, kind text, at timestamptz, pm10 real, pm10_flag text, pm25 real, pm25_flag text,
             tsp real, tsp_flag text, noise_db real, noise_flag text)
      JOIN dust_sensors s ON s.code = i.code
     WHERE s.site_id IS NOT NULL AND i.kind <> 'hour'
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
     WHERE site.id IN (SELECT b.site FROM batch b)
  )
  SELECT x.id, x.newest, x.has_active, x.trips, x.noisy FROM sites x WHERE x.has_active OR x.trips OR x.noisy ORDER BY x.id;
END
$$;

-- Store a batch of readings (dust_insert_readings, 0025) and name the sites whose alarms it may change
-- (dust_alarm_suspects), in one round trip: a device's packet is one call, and plpgsql keeps the
-- plans of both for the session.
CREATE FUNCTION dust_store_readings(readings jsonb, night_limit_db real)
RETURNS TABLE (new_count integer, known_codes text[], newest_events json, suspects json)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  SELECT i.new_count, i.known_codes, i.newest_events,
         (SELECT coalesce(json_agg(json_build_object('siteId', s.site_id, 'at', s.read_at, 'active', s.active,
                                                     'mayTrip', s.may_trip, 'mayBeNoisy', s.may_be_noisy)
                                   ORDER BY s.site_id), '[]'::json)
            FROM dust_alarm_suspects(readings, night_limit_db) s)
    FROM dust_insert_readings(readings) i;
END
$$;
