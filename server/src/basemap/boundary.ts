import type { Geometry, MultiPolygon, Polygon } from 'geojson'
import type pg from 'pg'
import { withTransaction } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'
import { rederiveTowns } from '../towns/towns.derive.ts'
import { upsertBasemapFeatures } from './basemap.repository.ts'

/** The outline from a GeoJSON geometry, Feature or single-feature FeatureCollection. */
export function outlineFrom(geojson: unknown): Polygon | MultiPolygon {
  const g = geojson as { type?: string; geometry?: unknown; features?: unknown[] }
  if (g?.type === 'FeatureCollection') {
    if (g.features?.length !== 1) {
      throw new ValidationError([{ field: 'features', reason: `expected one boundary feature, found ${g.features?.length ?? 0}` }])
    }
    return outlineFrom(g.features[0])
  }
  if (g?.type === 'Feature') return outlineFrom(g.geometry)
  if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') return g as Polygon | MultiPolygon
  throw new ValidationError([{ field: 'type', reason: `expected a Polygon or MultiPolygon boundary, got ${String(g?.type)}` }])
}

/**
 * Replace the service area (the basemap's county outline) with a real boundary. The geometry must be
 * valid in PostGIS; the reason is given back when it is not, and nothing changes. Derived towns are
 * derived again from the new outline; imported ones stay.
 */
export async function importBoundary(
  pool: pg.Pool,
  geojson: unknown,
  names: { zh: string; en: string; source: string },
): Promise<{ areaKm2: number }> {
  const outline = outlineFrom(geojson)
  return withTransaction(pool, async (tx) => {
    const check = await tx.query<{ valid: boolean; reason: string; area: number }>(
      `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_Area(g::geography) / 1e6 AS area
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) s`,
      [JSON.stringify(outline)],
    )
    const { valid, reason, area } = check.rows[0]!
    if (!valid) throw new ValidationError([{ field: 'geometry', reason }])
    const multi: Geometry = outline.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [outline.coordinates] } : outline
    await upsertBasemapFeatures(tx, [
      { kind: 'county', nameZh: names.zh, nameEn: names.en, approximate: false, source: names.source, geometry: multi },
    ])
    // Towns derived from the old outline would leave parts of the new one to no town (or reach past it).
    await rederiveTowns(tx)
    return { areaKm2: Math.round(area) }
  })
}
