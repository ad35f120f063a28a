-- Citizens' reports from their phones (issue #17). A report is a case (source 'citizen') and this row:
-- the tracking code it is followed by — stored as its SHA-256 hash, like every bearer secret, so a
-- leaked table names no report — the citizen's words for the problem, an optional phone number for a
-- call back (for staff only, never in a public answer), and the citizen's rating once the case is
-- closed (评价). Several reports may point at one case: a duplicate joins the case already open.
CREATE TABLE citizen_reports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases (id),
  code_hash      text NOT NULL UNIQUE,
  -- CITIZEN_PROBLEMS (shared/src/citizen-report.schema.ts): what the citizen said, in its words' key.
  problem        text NOT NULL CHECK (problem IN ('street_stall', 'shop_outside', 'car_parking', 'bike_parking',
                   'site_dust', 'site_noise', 'garbage', 'dirty_road', 'small_ads', 'illegal_building',
                   'piled_materials', 'barbecue')),
  phone          text CHECK (phone ~ '^\+?[0-9][0-9 -]{4,19}$'),
  reported_at    timestamptz NOT NULL DEFAULT now(),
  -- SATISFACTION_LEVELS: 满意 / 基本满意 / 不满意.
  rating         text CHECK (rating IN ('satisfied', 'fairly_satisfied', 'dissatisfied')),
  rating_comment text CHECK (length(rating_comment) <= 500),
  rated_at       timestamptz,
  CHECK ((rating IS NULL) = (rated_at IS NULL)),
  CHECK (rating IS NOT NULL OR rating_comment IS NULL)
);
CREATE INDEX citizen_reports_case_idx ON citizen_reports (case_id);
