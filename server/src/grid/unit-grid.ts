import type { FeatureCollection, Polygon } from 'geojson'
import type pg from 'pg'
import { COUNTY, GridCodeSchema } from '@citygrid/shared'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { placeCases } from '../cases/cases.repository.ts'
import { ValidationError } from '../http/errors.ts'

/** Sub-district code of the county seat (南江镇) in generated grid codes. Configuration, not a fact. */
const SEAT_SUBDISTRICT = '001'
/** Cells per community block edge: a community is 5 × 5 cells (500 m × 500 m). */
const BLOCK = 5

/**
 * Generate the 万米单元网格 over the county seat's built-up area when the database has none:
 * 100 m × 100 m cells, kept where they touch the built-up area, coded
 * district (6) + sub-district (3) + community (3, a 5 × 5-cell block) + grid (2).
 * An imported real grid (`importUnitGrid`) replaces it.
 */
export async function ensureUnitGrid(db: Queryable): Promise<number> {
  const existing = await db.query('SELECT 1 FROM unit_grid LIMIT 1')
  if (existing.rowCount) return 0
  const r = await db.query(
    `WITH area AS (
       SELECT geom FROM basemap_features WHERE kind = 'built_up' ORDER BY id LIMIT 1
     ),
     frame AS (
       SELECT ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1,
              100 / (111320 * cos(radians(ST_Y(ST_Centroid(geom))))) AS dx,
              100 / 111320.0 AS dy
       FROM area
     ),
     cells AS (
       SELECT col, row_no, ceil(((x1 - x0) / dx) / $3::int)::int AS blocks_per_row,
              ST_MakeEnvelope(x0 + col * dx, y0 + row_no * dy, x0 + (col + 1) * dx, y0 + (row_no + 1) * dy, 4326) AS geom
       FROM frame,
            generate_series(0, ceil((x1 - x0) / dx)::int - 1) AS col,
            generate_series(0, ceil((y1 - y0) / dy)::int - 1) AS row_no
     )
     INSERT INTO unit_grid (code, geom)
     SELECT $1::text || $2::text
              || lpad(((row_no / $3::int) * blocks_per_row + col / $3::int + 1)::text, 3, '0')
              || lpad(((row_no % $3::int) * $3::int + col % $3::int + 1)::text, 2, '0'),
            cells.geom
     FROM cells, area
     WHERE ST_Intersects(cells.geom, area.geom)`,
    [COUNTY.code, SEAT_SUBDISTRICT, BLOCK],
  )
  return r.rowCount ?? 0
}

/**
 * Replace the unit grid with a real one: a FeatureCollection of Polygons, each with a 14-digit
 * `code` property. Every feature is checked; any problem rejects the whole import with per-feature
 * reasons, so a grid is never half-replaced.
 */
export async function importUnitGrid(pool: pg.Pool, fc: FeatureCollection<Polygon, { code?: unknown }>): Promise<number> {
  const problems: { field: string; reason: string }[] = []
  const seen = new Set<string>()
  fc.features.forEach((f, i) => {
    const code = f.properties?.code
    const parsed = GridCodeSchema.safeParse(code)
    if (!parsed.success) problems.push({ field: `features.${i}.properties.code`, reason: parsed.error.issues[0]!.message })
    else if (seen.has(parsed.data)) problems.push({ field: `features.${i}.properties.code`, reason: `duplicate code ${parsed.data}` })
    else seen.add(parsed.data)
    if (f.geometry?.type !== 'Polygon') problems.push({ field: `features.${i}.geometry`, reason: 'must be a Polygon' })
  })
  if (problems.length) throw new ValidationError(problems)
  return withTransaction(pool, async (tx) => {
    await tx.query('DELETE FROM unit_grid')
    const input = JSON.stringify(fc.features.map((f) => ({ code: f.properties.code, geometry: f.geometry })))
    const r = await tx.query<{ code: string; reason: string }>(
      `WITH input AS (
         SELECT f.code, ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326) AS geom
         FROM jsonb_to_recordset($1::jsonb) AS f(code text, geometry jsonb)
       )
       SELECT code, ST_IsValidReason(geom) AS reason FROM input WHERE NOT ST_IsValid(geom)`,
      [input],
    )
    if (r.rowCount) throw new ValidationError(r.rows.map((row) => ({ field: `grid ${row.code}`, reason: row.reason })))
    const inserted = await tx.query(
      `INSERT INTO unit_grid (code, geom)
       SELECT f.code, ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS f(code text, geometry jsonb)`,
      [input],
    )
    // Every case now lies in a cell of the new grid (or none): KPIs by grid must not show dead codes.
    const all = await tx.query<{ id: number }>('SELECT id FROM cases')
    await placeCases(tx, all.rows.map((r) => r.id))
    return inserted.rowCount ?? 0
  })
}
