import type { BBox, LayerFeature, LayerId } from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { LAYER_SQL } from './layers.sql.ts'

interface FeatureRow {
  id: string | number
  geometry: LayerFeature['geometry']
  properties: Record<string, unknown>
}

/**
 * The bbox ($1–$4) and, on a layer of cases, the reader's scope (at `scopeParam`), on the layer's
 * SELECT as `l`. The planner folds the SELECT into the outer query, so the bbox still walks the GiST
 * index and the paging the primary key.
 */
function filters(layer: LayerId, scopeParam: string): string {
  const bboxFilter = `($1::float8 IS NULL OR l.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))`
  return LAYER_SQL[layer].caseScoped ? `${bboxFilter} AND ${caseScopeSql('l', scopeParam)}` : bboxFilter
}

function bboxParams(bbox: BBox | undefined): (number | null)[] {
  return bbox ? [...bbox] : [null, null, null, null]
}

/** The scope's parameter, only where `filters` uses it (an unused parameter has no type to infer). */
function scopeParams(layer: LayerId, scope: CaseScope): string[] {
  return LAYER_SQL[layer].caseScoped ? [caseScopeParam(scope)] : []
}

export interface FeatureSlice {
  bbox: BBox | undefined
  /** Only ids after this one (keyset paging); already checked against the layer's id type. */
  after: string | undefined
  limit: number
}

/**
 * Features of one layer inside `bbox` (all of them without one), after `after`, at most `limit`, in
 * id order; on a layer of cases, only those inside `scope`.
 */
export async function findFeatures(db: Queryable, layer: LayerId, { bbox, after, limit }: FeatureSlice, scope: CaseScope) {
  const { select, idType, derive } = LAYER_SQL[layer]
  // Keyset paging: `l.id > cursor` walks the primary key's index, so a late page costs what the first does.
  const rows = await db.query<FeatureRow>(
    `SELECT l.id, ST_AsGeoJSON(l.geom, 7)::json AS geometry, l.properties
     FROM (${select}) l
     WHERE ${filters(layer, '$7')}
       AND ($5::${idType} IS NULL OR l.id > $5::${idType})
     ORDER BY l.id
     LIMIT $6`,
    [...bboxParams(bbox), after ?? null, limit, ...scopeParams(layer, scope)],
  )
  return derive ? rows.rows.map((r) => ({ ...r, properties: derive(r.properties) })) : rows.rows
}

export async function countFeatures(db: Queryable, layer: LayerId, bbox: BBox | undefined, scope: CaseScope): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (${LAYER_SQL[layer].select}) l WHERE ${filters(layer, '$5')}`,
    [...bboxParams(bbox), ...scopeParams(layer, scope)],
  )
  return r.rows[0]!.n
}

/** Whether `cursor` can be an id of `layer` at all, so that a bad one is bad input rather than a SQL error. */
export function isIdOf(layer: LayerId, cursor: string): boolean {
  // bigint ids are positive (identity columns); 18 digits stay inside int8.
  return LAYER_SQL[layer].idType === 'text' || /^[0-9]{1,18}$/.test(cursor)
}
