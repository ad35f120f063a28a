-- 建筑工地 (construction-sites): one feature per site, with its dust-control measures.
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
         'nightWorkPermit', f.night_work_permit
       ) AS properties,
       f.status::text AS legend
  FROM construction_sites f
