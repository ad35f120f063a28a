-- 违法建设 (illegal-structures): one feature per structure, from discovery to demolition.
SELECT f.id,
       f.geom,
       json_build_object(
         'status', f.status,
         'address', f.address,
         'areaM2', round(f.area_m2::numeric, 1),
         'discoveredAt', f.discovered_at,
         'verifiedAt', f.verified_at,
         'noticeServedAt', f.notice_served_at,
         'demolishedAt', f.demolished_at
       ) AS properties,
       f.status::text AS legend
  FROM illegal_structures f
