-- 建筑工地 (construction-sites): one feature per site, with its dust-control measures and whether a
-- dust alarm is active there (dust_alarms, 0028).
SELECT f.id,
       f.geom,
       json_build_object(
         'name', f.name,
         'permitNo', f.permit_no,
         'developer', f.developer,
         'status', f.status,
         'wetWork', f.wet_work,
         'bareSoilCovered', f.bare_soil_covered,
         'mistSpraying', f.mist_spraying,
         'nightWorkPermit', f.night_work_permit,
         'dustAlarm', EXISTS (SELECT 1 FROM dust_alarms a WHERE a.site_id = f.id AND a.cleared_at IS NULL)
       ) AS properties,
       f.status::text AS legend
  FROM construction_sites f
