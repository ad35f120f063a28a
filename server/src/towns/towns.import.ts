import type pg from 'pg'
import { townNameKey, type ErrorDetail } from '@citygrid/shared'
import { withTransaction } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'

export interface TownImportOptions {
  /** The feature property holding the town's Chinese name (default `name`). */
  nameProperty: string
  /** The property holding its English name (default `name_en`); a town without one keeps its Chinese name there. */
  nameEnProperty: string
  /** Where the boundaries came from, stored with each town. */
  source: string
}

/** Two towns may share slivers where boundaries were drawn apart; more than this share of the smaller one is an overlap. */
export const TOWN_OVERLAP_TOLERANCE = 0.01

/** The polygonal part of `g` made valid: what is stored for an imported town (SQL, `g` a geometry expression). */
const repaired = (g: string) => `ST_Multi(ST_CollectionExtract(ST_MakeValid(${g}), 3))`

interface TownInput {
  i: number
  name_zh: string
  name_en: string
  geometry: unknown
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Why a Polygon/MultiPolygon's coordinates cannot be read as one (PostGIS needs closed rings of ≥ 4 positions); null when they can. */
function coordinatesProblem(type: 'Polygon' | 'MultiPolygon', coordinates: unknown): string | null {
  const polygons = type === 'Polygon' ? [coordinates] : coordinates
  if (!Array.isArray(polygons) || polygons.length === 0) return 'coordinates must be a non-empty array'
  for (const [p, polygon] of polygons.entries()) {
    if (!Array.isArray(polygon) || polygon.length === 0) return `polygon ${p}: a polygon is a non-empty array of rings`
    for (const [r, ring] of polygon.entries()) {
      const where = `polygon ${p}, ring ${r}`
      if (!Array.isArray(ring) || !ring.every((pos) => Array.isArray(pos) && pos.length >= 2 && pos.length <= 3 && pos.every(isNum))) {
        return `${where}: positions must be [longitude, latitude] in finite numbers`
      }
      const positions = ring as number[][]
      if (positions.some(([lng, lat]) => Math.abs(lng!) > 180 || Math.abs(lat!) > 90)) return `${where}: a coordinate is out of range`
      if (positions.length < 4) return `${where}: needs at least four positions, got ${positions.length}`
      const [first, last] = [positions[0]!, positions[positions.length - 1]!]
      if (first[0] !== last[0] || first[1] !== last[1]) return `${where}: not closed (its last position must equal its first)`
    }
  }
  return null
}

/** The towns of a FeatureCollection, or every reason it cannot be one (each naming the feature). */
function readTowns(geojson: unknown, opts: TownImportOptions): TownInput[] {
  const fc = geojson as { type?: unknown; features?: unknown } | null
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ValidationError([{ field: 'type', reason: `expected a FeatureCollection of town polygons, got ${JSON.stringify(fc?.type ?? null)}` }])
  }
  if (fc.features.length === 0) throw new ValidationError([{ field: 'features', reason: 'the file holds no towns' }])
  const problems: ErrorDetail[] = []
  const towns: TownInput[] = []
  const seen = new Map<string, string>()
  fc.features.forEach((raw: unknown, i) => {
    const f = raw as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null }
    const at = `features.${i}`
    if (f?.type !== 'Feature') {
      problems.push({ field: at, reason: `feature ${i}: not a GeoJSON Feature` })
      return
    }
    const zh = f.properties?.[opts.nameProperty]
    const en = f.properties?.[opts.nameEnProperty]
    const name = typeof zh === 'string' ? zh.trim() : ''
    const label = name ? `${name} (feature ${i})` : `feature ${i}`
    if (!name || name.length > 100) {
      problems.push({ field: `${at}.properties.${opts.nameProperty}`, reason: `${label}: no name (a text of 1–100 characters in "${opts.nameProperty}")` })
    } else if (seen.has(townNameKey(name))) {
      problems.push({ field: `${at}.properties.${opts.nameProperty}`, reason: `${label}: the same town name as ${seen.get(townNameKey(name))}` })
    } else seen.set(townNameKey(name), label)
    if (en !== undefined && en !== null && (typeof en !== 'string' || !en.trim() || en.length > 100)) {
      problems.push({ field: `${at}.properties.${opts.nameEnProperty}`, reason: `${label}: the English name must be a text of 1–100 characters` })
    }
    const g = f.geometry
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') {
      problems.push({ field: `${at}.geometry`, reason: `${label}: no polygon (geometry is ${g ? JSON.stringify(g.type) : 'null'})` })
      return
    }
    const bad = coordinatesProblem(g.type, g.coordinates)
    if (bad) problems.push({ field: `${at}.geometry`, reason: `${label}: ${bad}` })
    towns.push({ i, name_zh: name, name_en: typeof en === 'string' && en.trim() ? en.trim() : name, geometry: g })
  })
  if (problems.length) throw new ValidationError(problems)
  return towns
}

/**
 * Replace every town with real boundaries: a FeatureCollection of Polygons/MultiPolygons, one per
 * town, WGS-84. Each is made valid (ST_MakeValid, keeping its polygons) and must meet the county
 * outline; no two may overlap by more than TOWN_OVERLAP_TOLERANCE of the smaller. One transaction:
 * any problem refuses the whole file, with every reason, and nothing changes.
 */
export async function importTowns(pool: pg.Pool, geojson: unknown, opts: TownImportOptions): Promise<{ towns: number; areaKm2: number }> {
  const towns = readTowns(geojson, opts)
  const input = JSON.stringify(towns)
  const label = (i: number) => `${towns.find((t) => t.i === i)!.name_zh} (feature ${i})`
  return withTransaction(pool, async (tx) => {
    const found = await tx.query<{ i: number; j: number | null; problem: 'unrepairable' | 'outside' | 'overlap'; detail: string | null }>(
      `WITH input AS (
         SELECT f.i, ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326) AS g
         FROM jsonb_to_recordset($1::jsonb) AS f(i int, geometry jsonb)
       ),
       fixed AS (
         SELECT i, ST_IsValidReason(g) AS reason, ${repaired('g')} AS geom FROM input
       ),
       good AS (
         SELECT i, geom FROM fixed WHERE NOT ST_IsEmpty(geom) AND ST_IsValid(geom)
       )
       SELECT i, NULL::int AS j, 'unrepairable' AS problem, reason AS detail
       FROM fixed WHERE ST_IsEmpty(geom) OR NOT ST_IsValid(geom)
       UNION ALL
       SELECT g.i, NULL, 'outside', c.name_zh
       FROM good g JOIN basemap_features c ON c.kind = 'county'
       WHERE NOT ST_Intersects(c.geom, g.geom)
       UNION ALL
       SELECT a.i, b.i, 'overlap', round((ST_Area(x.geom::geography) / 1e6)::numeric, 2)::text
       FROM good a
       JOIN good b ON a.i < b.i AND ST_Intersects(a.geom, b.geom)
       CROSS JOIN LATERAL (SELECT ST_Intersection(a.geom, b.geom) AS geom) x
       WHERE ST_Area(x.geom) > $2 * least(ST_Area(a.geom), ST_Area(b.geom))
       ORDER BY 1, 2`,
      [input, TOWN_OVERLAP_TOLERANCE],
    )
    if (found.rowCount) {
      throw new ValidationError(
        found.rows.map((p) => ({
          field: `features.${p.i}.geometry`,
          reason:
            p.problem === 'unrepairable'
              ? `${label(p.i)}: invalid geometry (${p.detail}) that ST_MakeValid cannot repair into a polygon`
              : p.problem === 'outside'
                ? `${label(p.i)}: lies outside the county (${p.detail})`
                : `${label(p.i)}: overlaps ${label(p.j!)} by ${p.detail} km²`,
        })),
      )
    }
    await tx.query('DELETE FROM towns')
    const inserted = await tx.query<{ km2: number }>(
      `INSERT INTO towns (name_zh, name_en, approximate, source, geom)
       SELECT f.name_zh, f.name_en, false, $2, ${repaired('ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326)')}
       FROM jsonb_to_recordset($1::jsonb) AS f(i int, name_zh text, name_en text, geometry jsonb)
       ORDER BY f.i
       RETURNING ST_Area(geom::geography) / 1e6 AS km2`,
      [input, opts.source],
    )
    return { towns: inserted.rowCount ?? 0, areaKm2: Math.round(inserted.rows.reduce((sum, r) => sum + r.km2, 0)) }
  })
}
