-- 扬尘监测 (dust-sensors): one feature per monitor, with its site and newest reading (dust_latest:
-- real-time or minute data, usable values only).
-- pm10Level (the PM10 band, or offline) is derived from pm10 and offlineSince by the shared
-- definition (sensorLevelOf), in layers.sql.ts.
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
         'readAt', latest.read_at,
         'offlineSince', f.offline_since
       ) AS properties,
       -- The legend (pm10Level) is derived in TypeScript: tiles read it from the properties.
       NULL::text AS legend
  FROM dust_sensors f
  LEFT JOIN construction_sites site ON site.id = f.site_id
  LEFT JOIN dust_latest latest ON latest.sensor_id = f.id
