-- Sign-in throttling by growing delays instead of a lock-out (#11). A browser that has signed a user
-- in keeps a device cookie; its attempts for that user are throttled by their own failures only, so
-- failures from elsewhere — a guesser behind the same NAT address — cannot keep that user out.
CREATE TABLE login_devices (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now()
);

-- A failure counts against the device it came from, or, without one, against its address.
ALTER TABLE login_failures ADD COLUMN device_id bigint REFERENCES login_devices (id) ON DELETE CASCADE;
CREATE INDEX login_failures_device_idx ON login_failures (device_id, at) WHERE device_id IS NOT NULL;
