-- A patrol zone's measures and the zones it overlaps are computed when it is written, not on every
-- read: with 200 zones of 2,000 vertices, intersecting every pair on each GET /api/zones took 27 s and,
-- on the embedded database, held its one session all that time.
ALTER TABLE patrol_zones
  ADD COLUMN area_m2     double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
  ADD COLUMN perimeter_m double precision GENERATED ALWAYS AS (ST_Perimeter(geom::geography)) STORED;

-- Each overlap twice, once from each side, so a zone's overlaps are one index lookup.
CREATE TABLE patrol_zone_overlaps (
  zone_id  bigint NOT NULL REFERENCES patrol_zones (id) ON DELETE CASCADE,
  other_id bigint NOT NULL REFERENCES patrol_zones (id) ON DELETE CASCADE,
  area_m2  double precision NOT NULL,
  PRIMARY KEY (zone_id, other_id)
);

-- The overlaps of one zone with every other, on the ellipsoid. Below 1 m² a shared edge's sliver from
-- snapping is not an overlap.
CREATE FUNCTION zone_overlaps_with(zone patrol_zones)
RETURNS TABLE (other_id bigint, area_m2 double precision)
LANGUAGE sql STABLE AS $$
  SELECT o.id, o.area
  FROM (
    SELECT other.id, ST_Area(ST_Intersection(zone.geom, other.geom)::geography) AS area
    FROM patrol_zones other
    WHERE other.id <> zone.id AND ST_Intersects(zone.geom, other.geom)
  ) o
  WHERE o.area >= 1
$$;

-- Zone writes take turns: each statement that changes zones first takes this transaction-long lock,
-- so a zone's overlaps are computed with every other zone committed (two supervisors saving
-- overlapping zones at once would otherwise each miss the other's; a zone deleted while an
-- overlapping one is saved would break the new overlap's reference).
CREATE FUNCTION patrol_zone_writes_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('citygrid.patrol_zone_writes'));
  RETURN NULL;
END
$$;

CREATE TRIGGER patrol_zone_writes_lock
  BEFORE INSERT OR UPDATE OR DELETE ON patrol_zones
  FOR EACH STATEMENT EXECUTE FUNCTION patrol_zone_writes_lock();

-- Every write of a zone's outline (create, edit, import, demo seed) refreshes its overlaps both ways.
-- (Under READ COMMITTED each statement here reads what was committed when it began: after the lock.)
CREATE FUNCTION patrol_zone_overlaps_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM patrol_zone_overlaps WHERE zone_id = NEW.id OR other_id = NEW.id;
  INSERT INTO patrol_zone_overlaps (zone_id, other_id, area_m2)
  SELECT pair.zone_id, pair.other_id, o.area_m2
  FROM zone_overlaps_with(NEW) o
  CROSS JOIN LATERAL (VALUES (NEW.id, o.other_id), (o.other_id, NEW.id)) AS pair (zone_id, other_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER patrol_zone_overlaps_refresh
  AFTER INSERT OR UPDATE OF geom ON patrol_zones
  FOR EACH ROW EXECUTE FUNCTION patrol_zone_overlaps_refresh();

-- Zones stored before this migration.
INSERT INTO patrol_zone_overlaps (zone_id, other_id, area_m2)
SELECT z.id, o.other_id, o.area_m2
FROM patrol_zones z CROSS JOIN LATERAL zone_overlaps_with(z) o;

-- A revision number for "the zones as a reader sees them", bumped by every statement that changes a
-- zone (or the name of the user shown as its last editor): a server keeps the last GeoJSON it built
-- for a revision and, while the revision stands, sends it again — or 304 to a client that has it.
CREATE TABLE patrol_zone_revision (
  id  integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  rev bigint NOT NULL DEFAULT 1
);
INSERT INTO patrol_zone_revision DEFAULT VALUES;

CREATE FUNCTION patrol_zone_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE patrol_zone_revision SET rev = rev + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER patrol_zone_revision_bump
  AFTER INSERT OR UPDATE OR DELETE ON patrol_zones
  FOR EACH STATEMENT EXECUTE FUNCTION patrol_zone_revision_bump();
CREATE TRIGGER patrol_zone_revision_bump
  AFTER UPDATE OF display_name ON users
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION patrol_zone_revision_bump();
