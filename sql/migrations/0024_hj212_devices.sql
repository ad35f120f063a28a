-- HJ 212-2017 dust monitors (issue #16): a device speaks over TCP and names itself by its MN
-- (monitoring point id, at most 24 characters) and a password (PW), which it sends in clear in every
-- packet. An admin registers each device for one dust sensor; the listener refuses packets from an
-- unknown MN or with a wrong PW. Only the password's SHA-256 (hex) is stored, and the listener compares
-- hashes. `tsp_unit`: the unit the device reports TSP in (some send mg/m³), converted to µg/m³ on ingest.
CREATE TABLE hj212_devices (
  mn            text PRIMARY KEY CHECK (length(mn) BETWEEN 1 AND 24),
  password_hash text NOT NULL CHECK (password_hash ~ '^[0-9a-f]{64}$'),
  sensor_id     bigint NOT NULL UNIQUE REFERENCES dust_sensors (id),
  tsp_unit      text NOT NULL DEFAULT 'ug/m3' CHECK (tsp_unit IN ('ug/m3', 'mg/m3')),
  created_at    timestamptz NOT NULL DEFAULT now()
);
