import type { BBox, LayerFeature, LayerId } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { LAYER_SQL } from './layers.sql.ts'

interface FeatureRow {
  id: string | number
  geometry: LayerFeature['geometry']
  properties: Record<string, unknown>
}

function filters(layer: LayerId): string {
  const where = LAYER_SQL[layer].where
  const bboxFilter = `($1::float8 IS NULL OR f.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))`
  return where ? `${bboxFilter} AND ${where}` : bboxFilter
}

function bboxParams(bbox: BBox | undefined): (number | null)[] {
  return bbox ? [...bbox] : [null, null, null, null]
}

/** Features of one layer inside `bbox` (all of them without one), at most `limit`, in id order. */
export async function findFeatures(db: Queryable, layer: LayerId, bbox: BBox | undefined, limit: number) {
  const sql = LAYER_SQL[layer]
  const rows = await db.query<FeatureRow>(
    `SELECT f.id, ST_AsGeoJSON(f.geom, 7)::json AS geometry, ${sql.properties} AS properties
     FROM ${sql.from}
     WHERE ${filters(layer)}
     ORDER BY f.id
     LIMIT $5`,
    [...bboxParams(bbox), limit],
  )
  return rows.rows
}

export async function countFeatures(db: Queryable, layer: LayerId, bbox: BBox | undefined): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${LAYER_SQL[layer].from} WHERE ${filters(layer)}`,
    bboxParams(bbox),
  )
  return r.rows[0]!.n
}
