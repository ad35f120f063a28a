-- The five layers of the live map. All geometry is WGS-84 (EPSG:4326); enumerations are CHECKed here
-- and mirrored by the zod schemas in shared/src/enums.ts.

CREATE TABLE basemap_features (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('county', 'built_up', 'river', 'street', 'town')),
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  approximate boolean NOT NULL,
  source      text NOT NULL,
  geom        geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX basemap_features_geom_idx ON basemap_features USING gist (geom);
-- The county outline is the service area: exactly one.
CREATE UNIQUE INDEX basemap_one_county ON basemap_features (kind) WHERE kind = 'county';

CREATE TABLE vending_spots (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('banned_stall', 'time_limited_stall', 'storefront_overflow', 'canopy', 'small_ads')),
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rectifying', 'cleared')),
  permitted_from    time,
  permitted_to      time,
  street            text NOT NULL,
  town              text NOT NULL,
  last_inspected_at timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  geom              geometry(Point, 4326) NOT NULL,
  -- Only time-limited stalls have permitted hours, and they always have both ends.
  CHECK ((kind = 'time_limited_stall') = (permitted_from IS NOT NULL AND permitted_to IS NOT NULL))
);
CREATE INDEX vending_spots_geom_idx ON vending_spots USING gist (geom);

CREATE TABLE illegal_structures (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  status           text NOT NULL DEFAULT 'discovered' CHECK (status IN ('discovered', 'verified', 'notice_served', 'demolished')),
  address          text NOT NULL,
  discovered_at    timestamptz NOT NULL,
  verified_at      timestamptz,
  notice_served_at timestamptz,
  demolished_at    timestamptz,
  geom             geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  area_m2          double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
  -- Each step has its date once it is reached.
  CHECK (status = 'discovered' OR verified_at IS NOT NULL),
  CHECK (status NOT IN ('notice_served', 'demolished') OR notice_served_at IS NOT NULL),
  CHECK (status <> 'demolished' OR demolished_at IS NOT NULL)
);
CREATE INDEX illegal_structures_geom_idx ON illegal_structures USING gist (geom);

CREATE TABLE construction_sites (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name              text NOT NULL,
  permit_no         text NOT NULL UNIQUE,
  developer         text NOT NULL,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'suspended', 'completed')),
  wet_work          boolean NOT NULL DEFAULT false,
  bare_soil_covered boolean NOT NULL DEFAULT false,
  mist_spraying     boolean NOT NULL DEFAULT false,
  night_work_permit boolean NOT NULL DEFAULT false,
  geom              geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX construction_sites_geom_idx ON construction_sites USING gist (geom);

CREATE TABLE dust_sensors (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  site_id      bigint REFERENCES construction_sites (id),
  installed_at timestamptz NOT NULL DEFAULT now(),
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX dust_sensors_geom_idx ON dust_sensors USING gist (geom);

-- One row per sensor and device time: a replayed reading is a no-op.
CREATE TABLE dust_readings (
  sensor_id bigint NOT NULL REFERENCES dust_sensors (id),
  read_at   timestamptz NOT NULL,
  pm10      real NOT NULL CHECK (pm10 >= 0),
  pm25      real NOT NULL CHECK (pm25 >= 0),
  tsp       real CHECK (tsp >= 0),
  noise_db  real CHECK (noise_db >= 0),
  PRIMARY KEY (sensor_id, read_at)
);

CREATE TABLE parking_lots (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('on_street', 'off_street')),
  capacity      integer NOT NULL CHECK (capacity >= 0),
  price         text NOT NULL,
  opening_hours text NOT NULL,
  public        boolean NOT NULL DEFAULT true,
  geom          geometry(Geometry, 4326) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'POLYGON') AND ST_IsValid(geom))
);
CREATE INDEX parking_lots_geom_idx ON parking_lots USING gist (geom);

CREATE TABLE parking_spaces (
  id         text PRIMARY KEY,
  lot_id     text NOT NULL REFERENCES parking_lots (id),
  status     text NOT NULL DEFAULT 'unknown' CHECK (status IN ('free', 'occupied', 'closed', 'unknown')),
  -- Device time of the status: an older event never overwrites a newer one.
  status_at  timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  geom       geometry(Point, 4326) NOT NULL
);
CREATE INDEX parking_spaces_geom_idx ON parking_spaces USING gist (geom);
CREATE INDEX parking_spaces_lot_idx ON parking_spaces (lot_id);

CREATE TABLE incidents (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  class_code  text NOT NULL CHECK (class_code ~ '^[0-9]{4}$'),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  source      text NOT NULL CHECK (source IN ('citizen', 'hotline', 'inspector', 'sensor', 'video', 'assigned')),
  status      text NOT NULL DEFAULT 'reported' CHECK (status IN (
                'reported', 'filed', 'dispatched', 'handled', 'feedback', 'rework',
                'extended', 'deferred', 'closed', 'cancelled')),
  reported_at timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  geom        geometry(Point, 4326) NOT NULL
);
CREATE INDEX incidents_geom_idx ON incidents USING gist (geom);
CREATE INDEX incidents_open_idx ON incidents (reported_at) WHERE status NOT IN ('closed', 'cancelled');

CREATE TABLE patrol_zones (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL,
  team       text NOT NULL,
  color      text NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
  version    integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  geom       geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX patrol_zones_geom_idx ON patrol_zones USING gist (geom);
