-- 占道经营热点 (vending): one feature per street-vending spot.
-- A layer's SQL answers id, geom, properties (the keys of the layer's schema in
-- shared/src/layers/vending.ts) and legend (its legend property's value, as text: see layers.sql.ts);
-- the repository adds the bbox, paging and counting around it.
SELECT f.id,
       f.geom,
       json_build_object(
         'kind', f.kind,
         'status', f.status,
         'permittedHours', CASE WHEN f.permitted_from IS NULL THEN NULL
                                ELSE to_char(f.permitted_from, 'HH24:MI') || '-' || to_char(f.permitted_to, 'HH24:MI') END,
         'street', f.street,
         'town', f.town,
         'lastInspectedAt', f.last_inspected_at
       ) AS properties,
       f.kind::text AS legend
  FROM vending_spots f
