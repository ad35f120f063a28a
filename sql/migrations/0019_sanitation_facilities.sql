-- 环卫设施: the bureau's sanitation facilities, as its half-year report counts them — garbage transfer
-- stations (垃圾中转站), compactor boxes (垃圾压缩箱), hook-lift boxes (勾臂式垃圾箱) and the sorting
-- pilot's drop-off points (垃圾分类投放点). Enumerations are mirrored by shared/src/layers/sanitation-facilities.ts.
CREATE TABLE sanitation_facilities (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('transfer_station', 'compactor_box', 'hook_lift_box', 'sorting_point')),
  status          text NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service', 'maintenance', 'out_of_service')),
  -- Tonnes a day for a transfer station, tonnes a load for a box; a drop-off point has none.
  capacity_tonnes numeric(6, 1) CHECK (capacity_tonnes > 0),
  street          text NOT NULL,
  town            text NOT NULL,
  geom            geometry(Point, 4326) NOT NULL
);
CREATE INDEX sanitation_facilities_geom_idx ON sanitation_facilities USING gist (geom);
