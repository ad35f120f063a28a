import { M2_PER_MU, type Zone, type ZoneGeometry, type ZoneInput } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/**
 * One zone as a GeoJSON Feature (`z` aliased). Its measures and overlaps were computed when it was
 * written (sql/migrations/0014_zone_overlaps.sql): reading a zone reads what is stored.
 */
const ZONE_FEATURE = `
  json_build_object(
    'type', 'Feature',
    'id', z.id,
    'geometry', ST_AsGeoJSON(z.geom, 7)::json,
    'properties', json_build_object(
      'name', z.name,
      'team', z.team,
      'color', z.color,
      'schedule', z.schedule,
      'notes', z.notes,
      'version', z.version,
      'areaM2', round(z.area_m2::numeric, 1),
      'areaMu', round((z.area_m2 / ${M2_PER_MU})::numeric, 2),
      'perimeterM', round(z.perimeter_m::numeric, 1),
      'overlaps', coalesce((
        SELECT json_agg(json_build_object('zoneId', other.id, 'name', other.name, 'areaM2', round(o.area_m2::numeric, 1)) ORDER BY other.id)
        FROM patrol_zone_overlaps o JOIN patrol_zones other ON other.id = o.other_id
        WHERE o.zone_id = z.id
      ), '[]'::json),
      'createdAt', z.created_at,
      'updatedAt', z.updated_at,
      'updatedBy', editor.display_name))`

const FROM_ZONES = `FROM patrol_zones z LEFT JOIN users editor ON editor.id = z.updated_by`

export async function listZones(db: Queryable): Promise<Zone[]> {
  const r = await db.query<{ zone: Zone }>(`SELECT ${ZONE_FEATURE} AS zone ${FROM_ZONES} ORDER BY z.id`)
  return r.rows.map((row) => row.zone)
}

/**
 * Every zone as one GeoJSON FeatureCollection, serialised by the database (no parse and re-stringify of
 * megabytes in Node), with the revision it is as of — read in one statement, so in one snapshot.
 */
export async function zoneCollectionText(db: Queryable): Promise<{ rev: number; body: string }> {
  const r = await db.query<{ rev: number; body: string }>(
    `SELECT (SELECT rev FROM patrol_zone_revision) AS rev,
            json_build_object('type', 'FeatureCollection',
                              'features', coalesce(json_agg(${ZONE_FEATURE} ORDER BY z.id), '[]'::json))::text AS body
     ${FROM_ZONES}`,
  )
  return r.rows[0]!
}

/** The zones' current revision (sql/migrations/0014_zone_overlaps.sql): it changes with every write. */
export async function zoneRevision(db: Queryable): Promise<number> {
  return (await db.query<{ rev: number }>('SELECT rev FROM patrol_zone_revision')).rows[0]!.rev
}

export async function findZone(db: Queryable, id: number): Promise<Zone | null> {
  const r = await db.query<{ zone: Zone }>(`SELECT ${ZONE_FEATURE} AS zone ${FROM_ZONES} WHERE z.id = $1`, [id])
  return r.rows[0]?.zone ?? null
}

/** The stored version of a zone, locked for the caller's transaction; null when there is none. */
export async function lockZoneVersion(tx: Queryable, id: number): Promise<{ version: number; name: string } | null> {
  const r = await tx.query<{ version: number; name: string }>('SELECT version, name FROM patrol_zones WHERE id = $1 FOR UPDATE', [id])
  return r.rows[0] ?? null
}

export interface GeometryVerdict {
  valid: boolean
  /** ST_IsValidReason's words, e.g. `Self-intersection[106.84 32.35]`. */
  reason: string
  /** Where it is invalid, from ST_IsValidDetail. */
  at: [number, number] | null
  areaM2: number | null
}

/** PostGIS's verdict on a geometry (the authority), and its area on the ellipsoid when valid. */
export async function judgeGeometry(db: Queryable, geometry: ZoneGeometry): Promise<GeometryVerdict> {
  const r = await db.query<{ valid: boolean; reason: string; lng: number | null; lat: number | null; area: number | null }>(
    `WITH input AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g),
          detail AS (SELECT g, ST_IsValidDetail(g) AS d FROM input)
     SELECT (d).valid AS valid,
            ST_IsValidReason(g) AS reason,
            ST_X((d).location) AS lng,
            ST_Y((d).location) AS lat,
            CASE WHEN (d).valid THEN ST_Area(g::geography) END AS area
     FROM detail`,
    [JSON.stringify(geometry)],
  )
  const row = r.rows[0]!
  return {
    valid: row.valid,
    reason: row.reason,
    at: row.lng === null || row.lat === null ? null : [row.lng, row.lat],
    areaM2: row.area,
  }
}

/**
 * The stored form of a drawn geometry: a MultiPolygon with repeated points removed and rings
 * oriented as RFC 7946 asks (outer counter-clockwise), whichever way they were drawn.
 */
const STORED_GEOM = `ST_ForcePolygonCCW(ST_Multi(ST_RemoveRepeatedPoints(ST_SetSRID(ST_GeomFromGeoJSON($6), 4326))))`

export async function insertZone(tx: Queryable, z: ZoneInput, userId: number): Promise<number> {
  const r = await tx.query<{ id: number }>(
    `INSERT INTO patrol_zones (name, team, color, schedule, notes, geom, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, ${STORED_GEOM}, $7, $7)
     RETURNING id::int`,
    [z.name, z.team, z.color, JSON.stringify(z.schedule), z.notes, JSON.stringify(z.geometry), userId],
  )
  return r.rows[0]!.id
}

/** Overwrite a zone the caller has locked and found at the expected version; the version goes up by one. */
export async function updateZone(tx: Queryable, id: number, z: ZoneInput, userId: number): Promise<void> {
  await tx.query(
    `UPDATE patrol_zones
     SET name = $1, team = $2, color = $3, schedule = $4, notes = $5, geom = ${STORED_GEOM},
         updated_by = $7, updated_at = now(), version = version + 1
     WHERE id = $8`,
    [z.name, z.team, z.color, JSON.stringify(z.schedule), z.notes, JSON.stringify(z.geometry), userId, id],
  )
}

export async function deleteZone(tx: Queryable, id: number): Promise<void> {
  await tx.query('DELETE FROM patrol_zones WHERE id = $1', [id])
}
