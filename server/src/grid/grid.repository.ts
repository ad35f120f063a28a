import { MAX_GRID_CELLS, type BBox, type GridCell, type GridCellCollection } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/**
 * The unit-grid cells meeting a bbox, in code order, at most MAX_GRID_CELLS (one more is read to tell
 * a full answer from a cut one; places are looked up for those only). Each cell is named after the nearest named place as a case address
 * is (`nearest_place_name`, migration 0020: one rule); its English name is that feature's.
 */
export async function gridCellsIn(db: Queryable, bbox: BBox): Promise<GridCellCollection> {
  const r = await db.query<{ code: string; geometry: GridCell['geometry']; name_zh: string | null; name_en: string | null }>(
    `WITH cells AS (
       SELECT code, geom
         FROM unit_grid
        WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))
        ORDER BY code
        LIMIT $5
     )
     SELECT g.code,
            ST_AsGeoJSON(g.geom, 6)::json AS geometry,
            near.name_zh,
            en.name_en
       FROM cells g
       LEFT JOIN LATERAL (SELECT nearest_place_name(g.geom) AS name_zh) near ON true
       LEFT JOIN LATERAL (
         SELECT b.name_en FROM basemap_features b WHERE b.name_zh = near.name_zh ORDER BY b.id LIMIT 1
       ) en ON true
      ORDER BY g.code`,
    [...bbox, MAX_GRID_CELLS + 1],
  )
  const rows = r.rows.slice(0, MAX_GRID_CELLS)
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      id: row.code,
      geometry: row.geometry,
      properties: { code: row.code, place: row.name_zh === null ? null : { zh: row.name_zh, en: row.name_en ?? row.name_zh } },
    })),
    numberReturned: rows.length,
    truncated: r.rows.length > MAX_GRID_CELLS,
  }
}
