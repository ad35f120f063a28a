import type { Polygon } from 'geojson'
import type { SitePhase, SiteStatus } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export interface NewConstructionSite {
  name: string
  permitNo: string
  developer: string
  status: SiteStatus
  wetWork: boolean
  bareSoilCovered: boolean
  mistSpraying: boolean
  nightWorkPermit: boolean
  /** The construction phase dust rules may tell apart; null: not recorded. */
  phase: SitePhase | null
  geometry: Polygon
}

export interface NewDustSensor {
  code: string
  /** The site's permit number, or null for a street-side monitor. */
  sitePermitNo: string | null
  installedAt: string
  lng: number
  lat: number
}

export async function insertConstructionSites(db: Queryable, sites: NewConstructionSite[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO construction_sites
       (name, permit_no, developer, status, wet_work, bare_soil_covered, mist_spraying, night_work_permit, phase, geom)
     SELECT s.name, s.permit_no, s.developer, s.status, s.wet_work, s.bare_soil_covered, s.mist_spraying,
            s.night_work_permit, s.phase, ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326)
     FROM jsonb_to_recordset($1::jsonb) AS s(
       name text, permit_no text, developer text, status text, wet_work boolean, bare_soil_covered boolean,
       mist_spraying boolean, night_work_permit boolean, phase text, geometry jsonb)`,
    [
      JSON.stringify(
        sites.map((s) => ({
          name: s.name,
          permit_no: s.permitNo,
          developer: s.developer,
          status: s.status,
          wet_work: s.wetWork,
          bare_soil_covered: s.bareSoilCovered,
          mist_spraying: s.mistSpraying,
          night_work_permit: s.nightWorkPermit,
          phase: s.phase,
          geometry: s.geometry,
        })),
      ),
    ],
  )
  return r.rowCount ?? 0
}

export async function insertDustSensors(db: Queryable, sensors: NewDustSensor[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO dust_sensors (code, site_id, installed_at, geom)
     SELECT s.code, site.id, s.installed_at, ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326)
     FROM jsonb_to_recordset($1::jsonb) AS s(code text, site_permit_no text, installed_at timestamptz, lng float8, lat float8)
     LEFT JOIN construction_sites site ON site.permit_no = s.site_permit_no`,
    [
      JSON.stringify(
        sensors.map((s) => ({ code: s.code, site_permit_no: s.sitePermitNo, installed_at: s.installedAt, lng: s.lng, lat: s.lat })),
      ),
    ],
  )
  return r.rowCount ?? 0
}
