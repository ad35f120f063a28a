-- 智慧停车 (parking): one feature per parking space, with its lot and live status.
SELECT f.id,
       f.geom,
       json_build_object(
         'code', f.id,
         'lotId', f.lot_id,
         'lotName', lot.name,
         'lotKind', lot.kind,
         'status', f.status,
         'updatedAt', f.status_at
       ) AS properties,
       f.status::text AS legend
  FROM parking_spaces f
  -- LEFT JOIN, though every space has its lot (lot_id NOT NULL REFERENCES parking_lots): then a count
  -- of the layer's features, which reads nothing of the lot, leaves the join out altogether.
  LEFT JOIN parking_lots lot ON lot.id = f.lot_id
