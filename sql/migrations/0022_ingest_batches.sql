-- Device batches (issue #14): a batch of hundreds of changes writes its outbox events in one
-- statement, and concurrent batches that share parking lots never deadlock.

-- emit_event() once per change cost a plpgsql call, an INSERT and a NOTIFY per row. emit_events()
-- writes a whole batch's events under the same outbox lock (see 0003_outbox.sql: called last, ids in
-- the array's order) and wakes the listeners once. Returns how many events it wrote.
CREATE FUNCTION emit_events(p_type text, p_payloads jsonb) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  written integer;
  last_id bigint;
BEGIN
  IF p_payloads IS NULL OR jsonb_array_length(p_payloads) = 0 THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('citygrid.events'));
  WITH added AS (
    INSERT INTO events (id, type, payload)
    SELECT nextval('events_id_seq'), p_type, e
    FROM jsonb_array_elements(p_payloads) WITH ORDINALITY AS t(e, n)
    ORDER BY n
    RETURNING id
  )
  SELECT count(*), max(id) INTO written, last_id FROM added;
  PERFORM pg_notify('citygrid_events', last_id::text);
  RETURN written;
END
$$;

-- Two ingest batches that share lots used to update those lots' counts in whatever order each
-- statement's plan produced, so two concurrent batches could each hold a lot the other waited for:
-- a deadlock, and one device's batch refused (seen with 4 concurrent batches in `pnpm bench`'s
-- hand-written baseline, which runs the same triggers).
-- Each count trigger now locks its lots in id order first; the updates that follow take no new locks.
CREATE OR REPLACE FUNCTION parking_spaces_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM parking_lots l WHERE l.id IN (SELECT lot_id FROM new_spaces) ORDER BY l.id FOR UPDATE;
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

CREATE OR REPLACE FUNCTION parking_spaces_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM parking_lots l
  WHERE l.id IN (SELECT lot_id FROM new_spaces UNION SELECT lot_id FROM old_spaces)
  ORDER BY l.id FOR UPDATE;
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

CREATE OR REPLACE FUNCTION parking_spaces_counts_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM parking_lots l WHERE l.id IN (SELECT lot_id FROM old_spaces) ORDER BY l.id FOR UPDATE;
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
