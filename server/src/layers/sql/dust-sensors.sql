-- 扬尘监测 (dust-sensors): one feature per monitor, with its site and latest reading.
-- pm10Level (the PM10 band) is derived from pm10 by the shared band table, in layers.sql.ts.
SELECT f.id,
       f.geom,
       json_build_object(
         'code', f.code,
         'siteId', f.site_id,
         'siteName', site.name,
         'pm10', latest.pm10,
         'pm25', latest.pm25,
         'tsp', latest.tsp,
         'noiseDb', latest.noise_db,
         'readAt', latest.read_at
       ) AS properties,
       -- The legend (pm10Level) is derived in TypeScript: tiles read it from the properties.
       NULL::text AS legend
  FROM dust_sensors f
  LEFT JOIN construction_sites site ON site.id = f.site_id
  LEFT JOIN LATERAL (
         SELECT r.read_at, r.pm10, r.pm25, r.tsp, r.noise_db
           FROM dust_readings r
          WHERE r.sensor_id = f.id
          ORDER BY r.read_at DESC
          LIMIT 1
       ) latest ON true
