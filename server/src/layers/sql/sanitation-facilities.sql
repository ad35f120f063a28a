-- 环卫设施 (sanitation-facilities): one feature per facility.
-- A layer's SQL answers id, geom, properties (the keys of the layer's schema in
-- shared/src/layers/sanitation-facilities.ts) and legend (its legend property's value, as text: see layers.sql.ts);
-- the repository adds the bbox, paging and counting around it.
SELECT f.id,
       f.geom,
       json_build_object(
         'code', f.code,
         'name', f.name,
         'kind', f.kind,
         'status', f.status,
         'capacityTonnes', f.capacity_tonnes::float8,
         'street', f.street,
         'town', f.town
       ) AS properties,
       f.kind::text AS legend
  FROM sanitation_facilities f
