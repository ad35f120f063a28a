-- Public parking (issue #6): every lot keeps its own counts, so public reads touch one row per lot
-- instead of every space.
--   counting = 'spaces':  counts follow the lot's sensed spaces (triggers below).
--   counting = 'barrier': a garage with barriers reports lot-level counts (reported_*).
ALTER TABLE parking_lots
  ADD COLUMN counting       text NOT NULL DEFAULT 'spaces' CHECK (counting IN ('spaces', 'barrier')),
  ADD COLUMN spaces_total   integer NOT NULL DEFAULT 0,
  ADD COLUMN spaces_free    integer NOT NULL DEFAULT 0,
  -- Newest device time among the lot's spaces.
  ADD COLUMN spaces_at      timestamptz,
  ADD COLUMN reported_free  integer,
  ADD COLUMN reported_total integer,
  -- Device time of the last lot-level report: an older report never overwrites a newer one.
  ADD COLUMN reported_at    timestamptz,
  ADD CONSTRAINT parking_lots_spaces_counts CHECK (spaces_free BETWEEN 0 AND spaces_total),
  ADD CONSTRAINT parking_lots_reported_counts CHECK (
    (reported_free IS NULL AND reported_total IS NULL AND reported_at IS NULL)
    OR (reported_total >= 0 AND reported_free BETWEEN 0 AND reported_total AND reported_at IS NOT NULL));

-- Backfill from the spaces already there.
UPDATE parking_lots l
SET spaces_total = s.total, spaces_free = s.free, spaces_at = s.at
FROM (SELECT lot_id, count(*)::int AS total, (count(*) FILTER (WHERE status = 'free'))::int AS free, max(status_at) AS at
      FROM parking_spaces GROUP BY lot_id) s
WHERE l.id = s.lot_id;

-- Statement-level triggers see all rows a statement changed at once (transition tables), so a batch
-- of thousands of space events costs one UPDATE per lot, not one per space. Counts move by deltas
-- under the lot's row lock, which stays right when two batches touch one lot concurrently (a recount
-- would not see the other's uncommitted rows).
CREATE FUNCTION parking_spaces_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE parking_lots l
  SET spaces_total = l.spaces_total + d.total,
      spaces_free  = l.spaces_free + d.free,
      spaces_at    = greatest(l.spaces_at, d.at)
  FROM (SELECT lot_id, count(*)::int AS total, (count(*) FILTER (WHERE status = 'free'))::int AS free, max(status_at) AS at
        FROM new_spaces GROUP BY lot_id) d
  WHERE l.id = d.lot_id;
  RETURN NULL;
END
$$;

CREATE FUNCTION parking_spaces_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- New rows count +1, old rows -1: a status change nets to a move between free and not free, a
  -- space moved to another lot leaves one and joins the other.
  UPDATE parking_lots l
  SET spaces_total = l.spaces_total + d.total,
      spaces_free  = l.spaces_free + d.free,
      spaces_at    = greatest(l.spaces_at, d.at)
  FROM (SELECT lot_id,
               sum(n)::int AS total,
               coalesce(sum(n) FILTER (WHERE status = 'free'), 0)::int AS free,
               max(status_at) FILTER (WHERE n > 0) AS at
        FROM (SELECT lot_id, status, status_at, 1 AS n FROM new_spaces
              UNION ALL
              SELECT lot_id, status, status_at, -1 AS n FROM old_spaces) c
        GROUP BY lot_id) d
  WHERE l.id = d.lot_id
    AND (d.total <> 0 OR d.free <> 0 OR d.at > l.spaces_at OR (l.spaces_at IS NULL AND d.at IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE FUNCTION parking_spaces_counts_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The newest device time may have left with the deleted rows: take it again from what remains.
  UPDATE parking_lots l
  SET spaces_total = l.spaces_total - d.total,
      spaces_free  = l.spaces_free - d.free,
      spaces_at    = (SELECT max(s.status_at) FROM parking_spaces s WHERE s.lot_id = l.id)
  FROM (SELECT lot_id, count(*)::int AS total, (count(*) FILTER (WHERE status = 'free'))::int AS free
        FROM old_spaces GROUP BY lot_id) d
  WHERE l.id = d.lot_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER parking_spaces_counts_insert AFTER INSERT ON parking_spaces
  REFERENCING NEW TABLE AS new_spaces
  FOR EACH STATEMENT EXECUTE FUNCTION parking_spaces_counts_insert();
CREATE TRIGGER parking_spaces_counts_update AFTER UPDATE ON parking_spaces
  REFERENCING OLD TABLE AS old_spaces NEW TABLE AS new_spaces
  FOR EACH STATEMENT EXECUTE FUNCTION parking_spaces_counts_update();
CREATE TRIGGER parking_spaces_counts_delete AFTER DELETE ON parking_spaces
  REFERENCING OLD TABLE AS old_spaces
  FOR EACH STATEMENT EXECUTE FUNCTION parking_spaces_counts_delete();

-- Nearest open lots: KNN over geography (metres on the sphere), so the index order is the distance reported.
CREATE INDEX parking_lots_geog_idx ON parking_lots USING gist ((geom::geography));

-- A barrier lot's counts changing is pushed like every other change: through the outbox.
ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'incident.created', 'incident.updated', 'space.status', 'sensor.reading',
  'zone.created', 'zone.updated', 'zone.deleted', 'lot.counts'));
