-- Every case gets a human case number (案件编号): the county's administrative code, the year it was
-- reported in (county time) and a serial within that year — 511922-2026-000123 — and an address (地址):
-- as the reporter gave it, or derived from the basemap (the nearest named street or town), marked so.
CREATE TABLE case_number_serials (
  county_code text NOT NULL,
  year        int  NOT NULL,
  last        int  NOT NULL CHECK (last > 0),
  PRIMARY KEY (county_code, year)
);

-- The next number of `county` for a case reported at `at`. The year's counter row is taken in the
-- reporting transaction: numbers are gapless (a rolled-back report gives its number back) and unique
-- across server processes (the row stays locked until commit).
CREATE FUNCTION take_case_number(county text, at timestamptz, tz text) RETURNS text
LANGUAGE sql VOLATILE AS $$
  INSERT INTO case_number_serials AS s (county_code, year, last)
  VALUES (county, extract(year FROM at AT TIME ZONE tz)::int, 1)
  ON CONFLICT (county_code, year) DO UPDATE SET last = s.last + 1
  RETURNING s.county_code || '-' || s.year || '-' || lpad(s.last::text, 6, '0')
$$;

-- The name a place is known by on the basemap: the nearest named street or town.
CREATE FUNCTION nearest_place_name(g geometry) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT b.name_zh FROM basemap_features b
   WHERE b.kind IN ('street', 'town')
   ORDER BY b.geom <-> g
   LIMIT 1
$$;

ALTER TABLE cases
  ADD COLUMN case_number     text,
  ADD COLUMN address         text,
  ADD COLUMN address_derived boolean NOT NULL DEFAULT true;

-- Cases already stored: numbered in the order they were reported, each year from 1, for the county of
-- this platform (one county per database), with derived addresses.
WITH numbered AS (
  SELECT c.id,
         extract(year FROM c.reported_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
         row_number() OVER (PARTITION BY extract(year FROM c.reported_at AT TIME ZONE 'Asia/Shanghai')
                            ORDER BY c.reported_at, c.id) AS serial
    FROM cases c
)
UPDATE cases c
   SET case_number = '511922-' || n.year || '-' || lpad(n.serial::text, 6, '0'),
       address = nearest_place_name(c.geom)
  FROM numbered n
 WHERE n.id = c.id;

INSERT INTO case_number_serials (county_code, year, last)
SELECT '511922', split_part(case_number, '-', 2)::int, max(split_part(case_number, '-', 3)::int)
  FROM cases
 GROUP BY 2;

ALTER TABLE cases
  ALTER COLUMN case_number SET NOT NULL,
  ADD CONSTRAINT cases_case_number_key UNIQUE (case_number);
