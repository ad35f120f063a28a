-- Towns (乡镇) as areas: what a wall screen focuses on (`?town=`) and shades per town. Until a real
-- boundary file is imported (`pnpm towns:import`, approximate = false), they are derived from the
-- county outline and the basemap's town points (server/src/towns/towns.derive.ts) and marked approximate.
CREATE TABLE towns (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name_zh     text NOT NULL UNIQUE CHECK (length(name_zh) BETWEEN 1 AND 100),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  approximate boolean NOT NULL,
  source      text NOT NULL,
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX towns_geom_idx ON towns USING gist (geom);

-- Whether a feature lies in an area (a town or a bbox; NULL: no area, everything counts). A feature
-- lies where its representative point does (ST_PointOnSurface; a point is its own), so areas that tile
-- the county, as the towns do, count every feature exactly once. The first ST_Intersects lets the
-- planner use the feature's GiST index; the function is one SQL expression, so it is inlined.
CREATE FUNCTION in_area(g geometry, area geometry) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT area IS NULL OR (ST_Intersects(area, g) AND ST_Intersects(area, ST_PointOnSurface(g))) $$;
