-- Reports without sign-in (citizens') of the last hour, by client address and by device cookie, so that
-- their limits (ANON_REPORTS_PER_HOUR_PER_*) hold across every server process behind a load balancer
-- (#11). Counted and written in the reporting transaction under an advisory lock per address and per
-- device. The device id is stored as a SHA-256 hash, like every other token; nothing links a row to its
-- case, and rows older than an hour are deleted as new reports come in.

CREATE TABLE anonymous_reports (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address     text NOT NULL,
  device_hash text,
  reported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX anonymous_reports_address_idx ON anonymous_reports (address, reported_at);
CREATE INDEX anonymous_reports_device_idx ON anonymous_reports (device_hash, reported_at) WHERE device_hash IS NOT NULL;
CREATE INDEX anonymous_reports_at_idx ON anonymous_reports (reported_at);
