-- The outbox: every change a client must learn of is an event row written in the same transaction
-- as the change, through emit_event().
--
-- Resumable ids: emit_event() takes a transaction-scoped advisory lock before it draws the id, so
-- event writers are serialised from that point to their commit. PostgreSQL makes a transaction
-- visible before it releases its locks, so event ids become visible in increasing order: a reader
-- that has seen id N can never later find a committed event with an id below N. Writers call
-- emit_event() as the last step of their transaction to keep the locked span short.
CREATE TABLE events (
  id         bigint PRIMARY KEY,
  type       text NOT NULL CHECK (type IN ('incident.created', 'incident.updated', 'space.status', 'sensor.reading')),
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE events_id_seq OWNED BY events.id;

CREATE FUNCTION emit_event(p_type text, p_payload jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  new_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('citygrid.events'));
  INSERT INTO events (id, type, payload)
  VALUES (nextval('events_id_seq'), p_type, p_payload)
  RETURNING id INTO new_id;
  -- Delivered at commit, and only then: listeners never hear of uncommitted events.
  PERFORM pg_notify('citygrid_events', new_id::text);
  RETURN new_id;
END
$$;
