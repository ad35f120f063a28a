-- Open311 GeoReport v2 (issue #17): apps post citizens' service requests with a key an admin issued
-- for them, and every request becomes a citizen case through the same path as other reports.
-- Keys are stored as SHA-256 hashes like API tokens (0023), with a prefix to tell them apart; a
-- revoked key is refused at once. Each request keeps which key (app) it came through, the token it
-- answered (hashed too), and what the spec lets the app send about its reporter — e-mail, phone, name,
-- device and account id — and the media_url it may send (a link to the app's photo, kept for staff, never
-- fetched), for staff only: no public or Open311 answer ever reads these columns.
CREATE TABLE open311_keys (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash     text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  created_by   bigint REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE open311_requests (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  key_id       bigint NOT NULL REFERENCES open311_keys (id),
  token_hash   text NOT NULL UNIQUE,
  email        text CHECK (length(email) <= 254),
  phone        text CHECK (length(phone) <= 30),
  first_name   text CHECK (length(first_name) <= 100),
  last_name    text CHECK (length(last_name) <= 100),
  device_id    text CHECK (length(device_id) <= 200),
  account_id   text CHECK (length(account_id) <= 200),
  media_url    text CHECK (length(media_url) <= 2000),
  requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_requests_case_idx ON open311_requests (case_id);
-- An app's posts are limited per key and hour (OPEN311_REQUESTS_PER_HOUR_PER_KEY), and per device within
-- it: both counted from this table's last hour of the key.
CREATE INDEX open311_requests_key_idx ON open311_requests (key_id, requested_at);

-- The public reads walk cases by when they were reported (GET requests: a span of reported_at) and
-- history by when it happened (GET servicerequestupdates: the steps in a span).
CREATE INDEX cases_reported_at_idx ON cases (reported_at);
CREATE INDEX case_history_at_idx ON case_history (at);
