-- Personal read-only API tokens (issue #15). GIS tools (QGIS, GDAL, ArcGIS) cannot sign in with a
-- form: a staff member makes a token that reads as them (same roles, same case scope) and never
-- writes. Stored as SHA-256 hashes like sessions and display tokens; `prefix` keeps the first
-- characters so a user can tell their tokens apart in the list. A disabled user's tokens stop working.
CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
