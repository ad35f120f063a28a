import { LAYER_DEFINITIONS, type BBox, type LayerId } from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { JSON_AS_TEXT } from '../db/types.ts'
import { LAYER_SQL } from './layers.sql.ts'

/**
 * A feature as PostgreSQL answers it: `geometry` (ST_AsGeoJSON) and `properties` (the layer's
 * json_build_object) stay the JSON text PostgreSQL wrote (`JSON_AS_TEXT`), so a page of thousands of
 * features is not parsed into objects only to be stringified again for the response.
 */
export interface FeatureRow {
  id: string | number
  geometry: string
  properties: string
}

/**
 * The bbox ($1–$4) and, on a layer of cases, the reader's scope (at `scopeParam`), on the layer's
 * SELECT as `l`. The planner folds the SELECT into the outer query, so the bbox still walks the GiST
 * index and the paging the primary key.
 */
export function filters(layer: LayerId, scopeParam: string): string {
  const bboxFilter = `($1::float8 IS NULL OR l.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))`
  return LAYER_SQL[layer].caseScoped ? `${bboxFilter} AND ${caseScopeSql('l', scopeParam)}` : bboxFilter
}

/** What each feature answers: its id, its geometry as GeoJSON text and its properties as JSON text. */
const FEATURE_COLUMNS = 'l.id, ST_AsGeoJSON(l.geom, 7)::json AS geometry, l.properties'

function bboxParams(bbox: BBox | undefined): (number | null)[] {
  return bbox ? [...bbox] : [null, null, null, null]
}

/** The scope's parameter, only where `filters` uses it (an unused parameter has no type to infer). */
export function scopeParams(layer: LayerId, scope: CaseScope): string[] {
  return LAYER_SQL[layer].caseScoped ? [caseScopeParam(scope)] : []
}

/** A time range, each end RFC 3339 text PostgreSQL reads as timestamptz, or null: unbounded on that side. */
export interface TimeRange {
  start: string | null
  end: string | null
}

/** Which features: those in `bbox` (all without one), narrowed as the OGC API asks. */
export interface FeatureFilter {
  bbox: BBox | undefined
  /** Only geometries that intersect the bbox, not only those whose box overlaps it (the index's test). */
  intersects?: boolean
  /**
   * Only features whose time (the layer's `timeProperty`) lies in this range; a feature without a time,
   * and every feature of a layer without one, is in any range (OGC /req/core/fc-time-response).
   */
  datetime?: TimeRange
}

export interface FeatureSlice extends FeatureFilter {
  /** Only ids after this one (keyset paging); already checked against the layer's id type. */
  after: string | undefined
  limit: number
}

/**
 * The OGC API's narrowing (FeatureFilter) as SQL over the layer's SELECT `l`, its parameters added to
 * `values`; '' when there is none. The time property's name is a parameter, never spliced in.
 */
function narrowing(layer: LayerId, { bbox, intersects, datetime }: FeatureFilter, values: unknown[]): string {
  const param = (v: unknown) => `$${values.push(v)}`
  let sql = ''
  if (intersects && bbox) sql += ` AND ST_Intersects(l.geom, ST_MakeEnvelope(${bbox.map(param).join(', ')}, 4326))`
  const property = (LAYER_DEFINITIONS[layer] as { timeProperty?: string }).timeProperty
  if (datetime && property) {
    const [name, start, end] = [param(property), param(datetime.start), param(datetime.end)]
    const time = `(l.properties->>${name}::text)::timestamptz`
    sql += ` AND (l.properties->>${name}::text IS NULL
       OR ((${start}::timestamptz IS NULL OR ${time} >= ${start}::timestamptz)
       AND (${end}::timestamptz IS NULL OR ${time} <= ${end}::timestamptz)))`
  }
  return sql
}

/**
 * The query for features of one layer inside `bbox` (all of them without one), after `after`, at most
 * `limit`, in id order; on a layer of cases, only those inside `scope`. Its own function so that the
 * bench's raw baseline runs the very same SQL.
 */
export function featurePageQuery(layer: LayerId, slice: FeatureSlice, scope: CaseScope): { text: string; values: unknown[] } {
  const { select, idType } = LAYER_SQL[layer]
  const values: unknown[] = [...bboxParams(slice.bbox), slice.after ?? null, slice.limit, ...scopeParams(layer, scope)]
  // Keyset paging: `l.id > cursor` walks the primary key's index, so a late page costs what the first does.
  return {
    text: `SELECT ${FEATURE_COLUMNS}
     FROM (${select}) l
     WHERE ${filters(layer, '$7')}${narrowing(layer, slice, values)}
       AND ($5::${idType} IS NULL OR l.id > $5::${idType})
     ORDER BY l.id
     LIMIT $6`,
    values,
  }
}

/** How many features of one layer `featurePageQuery` pages through (without `after` and `limit`). */
export function featureCountQuery(layer: LayerId, filter: FeatureFilter, scope: CaseScope): { text: string; values: unknown[] } {
  const values: unknown[] = [...bboxParams(filter.bbox), ...scopeParams(layer, scope)]
  return {
    text: `SELECT count(*) AS n FROM (${LAYER_SQL[layer].select}) l WHERE ${filters(layer, '$5')}${narrowing(layer, filter, values)}`,
    values,
  }
}

/**
 * Features of one layer (see `featurePageQuery`), their geometry and properties as JSON text; a
 * layer with a property derived in TypeScript (`derive`) has it added here.
 */
export async function findFeatures(db: Queryable, layer: LayerId, slice: FeatureSlice, scope: CaseScope): Promise<FeatureRow[]> {
  const { rows } = await db.query<FeatureRow>({ ...featurePageQuery(layer, slice, scope), types: JSON_AS_TEXT })
  return rows.map((r) => withDerived(layer, r))
}

/**
 * One feature of a layer by its id, as `findFeatures` answers features, or null when there is none
 * the reader may see (`scope`). `id` is already checked against the layer's id type (`isIdOf`).
 */
export async function findFeature(db: Queryable, layer: LayerId, id: string, scope: CaseScope): Promise<FeatureRow | null> {
  const { select, idType, caseScoped } = LAYER_SQL[layer]
  const { rows } = await db.query<FeatureRow>({
    text: `SELECT ${FEATURE_COLUMNS}
     FROM (${select}) l
     WHERE l.id = $1::${idType}${caseScoped ? ` AND ${caseScopeSql('l', '$2')}` : ''}`,
    values: [id, ...scopeParams(layer, scope)],
    types: JSON_AS_TEXT,
  })
  return rows[0] ? withDerived(layer, rows[0]) : null
}

/** A feature with its layer's property derived in TypeScript added, where the layer has one. */
function withDerived(layer: LayerId, row: FeatureRow): FeatureRow {
  const { derive } = LAYER_SQL[layer]
  return derive ? { ...row, properties: JSON.stringify(derive(JSON.parse(row.properties) as Record<string, unknown>)) } : row
}

export async function countFeatures(db: Queryable, layer: LayerId, filter: FeatureFilter, scope: CaseScope): Promise<number> {
  const r = await db.query<{ n: number }>(featureCountQuery(layer, filter, scope))
  return r.rows[0]!.n
}

/** Whether `cursor` can be an id of `layer` at all, so that a bad one is bad input rather than a SQL error. */
export function isIdOf(layer: LayerId, cursor: string): boolean {
  // bigint ids are positive (identity columns); 18 digits stay inside int8.
  return LAYER_SQL[layer].idType === 'text' || /^[0-9]{1,18}$/.test(cursor)
}
