-- Opening hours as minutes after local midnight, so "nearest open lot with free spaces" is filtered in
-- the KNN index walk instead of page by page in the server (at night, past streets of closed lots).
-- The reading is shared/src/public-parking.schema.ts `parseOpeningHours`, written again here as SQL;
-- server/test/public-parking.test.ts holds the two together. Not understood → NULL (open, hours unknown).

CREATE FUNCTION opening_minutes(hours text, bound int) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
           WHEN m IS NULL THEN NULL
           WHEN m[1]::int * 60 + m[2]::int > 1440 OR m[3]::int * 60 + m[4]::int > 1440 THEN NULL
           WHEN m[1]::int * 60 + m[2]::int = m[3]::int * 60 + m[4]::int THEN NULL
           WHEN bound = 1 THEN (m[1]::int * 60 + m[2]::int)::smallint
           ELSE (m[3]::int * 60 + m[4]::int)::smallint
         END
  FROM regexp_match(hours, '^[ \t]*([01][0-9]|2[0-4]):([0-5][0-9])[ \t]*[-–~][ \t]*([01][0-9]|2[0-4]):([0-5][0-9])[ \t]*$') AS m
$$;

ALTER TABLE parking_lots
  ADD COLUMN open_from smallint GENERATED ALWAYS AS (opening_minutes(opening_hours, 1)) STORED,
  ADD COLUMN open_to   smallint GENERATED ALWAYS AS (opening_minutes(opening_hours, 2)) STORED;

-- Open at `minute` (local minutes after midnight, fractional): unknown hours count as open.
CREATE FUNCTION lot_open_at(open_from smallint, open_to smallint, minute float8) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT open_from IS NULL
      OR CASE WHEN open_from < open_to THEN minute >= open_from AND minute < open_to
              ELSE minute >= open_from OR minute < open_to END
$$;
