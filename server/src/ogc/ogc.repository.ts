import { LAYER_DEFINITIONS, type LayerId } from '@citygrid/shared'
import type { CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { filters, scopeParams } from '../layers/layers.repository.ts'
import { LAYER_SQL } from '../layers/layers.sql.ts'

/**
 * The SQL the OGC API adds to the layer API's (layers.repository.ts, whose queries serve its items):
 * each collection's extent, over the layer's SELECT, bbox-free, in the reader's case scope.
 */

/** The time property of `layer`, or null when it has none. */
function timeProperty(layer: LayerId): string | null {
  return (LAYER_DEFINITIONS[layer] as { timeProperty?: string }).timeProperty ?? null
}

/** What a collection's `extent` says: the bbox of its geometries and the span of its times (null where there are none). */
export interface LayerExtent {
  bbox: [number, number, number, number] | null
  interval: [string, string] | null
}

/** The least or greatest time ($5 names the property) as RFC 3339 text in UTC, to the microsecond (a Date would drop them). */
const utc = (agg: 'min' | 'max') => `to_char(${agg}((l.properties->>$5::text)::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/**
 * The extent of the features of `layer` the reader sees, from the data itself: the least and greatest
 * coordinates of every geometry (exact: ST_Extent's box of a polygon is rounded to float4) and, on a
 * temporal layer, the earliest and latest time.
 */
export async function layerExtent(db: Queryable, layer: LayerId, scope: CaseScope): Promise<LayerExtent> {
  const { rows } = await db.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number; t0: string | null; t1: string | null }>(
    `SELECT min(ST_XMin(l.geom)) AS xmin, min(ST_YMin(l.geom)) AS ymin, max(ST_XMax(l.geom)) AS xmax, max(ST_YMax(l.geom)) AS ymax,
            ${utc('min')} AS t0, ${utc('max')} AS t1
       FROM (${LAYER_SQL[layer].select}) l
      WHERE ${filters(layer, '$6')}`,
    [null, null, null, null, timeProperty(layer), ...scopeParams(layer, scope)],
  )
  const r = rows[0]!
  return {
    bbox: r.xmin === null ? null : [r.xmin, r.ymin, r.xmax, r.ymax],
    interval: r.t0 === null || r.t1 === null ? null : [r.t0, r.t1],
  }
}
