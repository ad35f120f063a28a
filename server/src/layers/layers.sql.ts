import type { LayerId } from '@citygrid/shared'

/**
 * Per layer: the FROM clause (aliased `f`, exposing `f.id` and `f.geom`), the type of `f.id` (pages
 * are keyed on it), the feature properties as a JSON object, and an optional filter. Static SQL only;
 * values always travel as parameters.
 */
export interface LayerSql {
  from: string
  idType: 'bigint' | 'text'

  properties: string
  where?: string
  /**
   * For a layer whose features are single cases: the alias of their `cases` row, so that every
   * output of the layer shows a reader only the cases in its `caseScope`.
   */
  caseTable?: string
}

export const LAYER_SQL: Record<LayerId, LayerSql> = {
  vending: {
    from: 'vending_spots f',
    idType: 'bigint',
    properties: `json_build_object(
      'kind', f.kind,
      'status', f.status,
      'permittedHours', CASE WHEN f.permitted_from IS NULL THEN NULL
                             ELSE to_char(f.permitted_from, 'HH24:MI') || '-' || to_char(f.permitted_to, 'HH24:MI') END,
      'street', f.street,
      'town', f.town,
      'lastInspectedAt', f.last_inspected_at)`,
  },
  'illegal-structures': {
    from: 'illegal_structures f',
    idType: 'bigint',
    properties: `json_build_object(
      'status', f.status,
      'address', f.address,
      'areaM2', round(f.area_m2::numeric, 1),
      'discoveredAt', f.discovered_at,
      'verifiedAt', f.verified_at,
      'noticeServedAt', f.notice_served_at,
      'demolishedAt', f.demolished_at)`,
  },
  'construction-sites': {
    from: 'construction_sites f',
    idType: 'bigint',
    properties: `json_build_object(
      'name', f.name,
      'permitNo', f.permit_no,
      'developer', f.developer,
      'status', f.status,
      'wetWork', f.wet_work,
      'bareSoilCovered', f.bare_soil_covered,
      'mistSpraying', f.mist_spraying,
      'nightWorkPermit', f.night_work_permit)`,
  },
  'dust-sensors': {
    from: `dust_sensors f
      LEFT JOIN construction_sites site ON site.id = f.site_id
      LEFT JOIN LATERAL (
        SELECT r.read_at, r.pm10, r.pm25, r.tsp, r.noise_db
        FROM dust_readings r
        WHERE r.sensor_id = f.id
        ORDER BY r.read_at DESC
        LIMIT 1
      ) latest ON true`,
    idType: 'bigint',
    properties: `json_build_object(
      'code', f.code,
      'siteId', f.site_id,
      'siteName', site.name,
      'pm10', latest.pm10,
      'pm25', latest.pm25,
      'tsp', latest.tsp,
      'noiseDb', latest.noise_db,
      'readAt', latest.read_at)`,
  },
  parking: {
    from: 'parking_spaces f JOIN parking_lots lot ON lot.id = f.lot_id',
    idType: 'text',
    properties: `json_build_object(
      'code', f.id,
      'lotId', f.lot_id,
      'lotName', lot.name,
      'lotKind', lot.kind,
      'status', f.status,
      'updatedAt', f.status_at)`,
  },
  incidents: {
    from: 'cases f',
    idType: 'bigint',
    properties: `json_build_object(
      'classCode', f.class_code,
      'title', f.title,
      'status', f.status,
      'source', f.source,
      'reportedAt', f.reported_at)`,
    where: `case_is_open(f.status)`,
    caseTable: 'f',
  },
}
