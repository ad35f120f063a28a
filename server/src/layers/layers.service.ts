import {
  LAYER_DEFINITIONS,
  LAYER_IDS,
  LAYERS,
  type LayerReader,
  type FeatureQuery,
  type LayerFeaturePage,
  type LayerId,
  type LayerInfo,
} from '@citygrid/shared'
import type { CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'
import { countFeatures, findFeatures, isIdOf, type FeatureRow } from './layers.repository.ts'
import { tilesFor } from '../tiles/tiles.repository.ts'

/**
 * One feature as GeoJSON text around the geometry and properties PostgreSQL wrote (`findFeatures`),
 * with members of its own after them where an output has some (the OGC API's `links`).
 */
export function featureJson(r: FeatureRow, extra?: Record<string, unknown>): string {
  const tail = extra ? `,${JSON.stringify(extra).slice(1, -1)}` : ''
  return `{"type":"Feature","id":${JSON.stringify(r.id)},"geometry":${r.geometry},"properties":${r.properties}${tail}}`
}

/**
 * The layers `who` may read, with their feature counts (what each layer's features would show this
 * reader, `scope`) and how the map gets each: whole or as tiles (`tilesFor`, over `tilesFrom` features).
 */
export async function listLayers(db: Queryable, who: LayerReader, scope: CaseScope, tilesFrom: number): Promise<LayerInfo[]> {
  const ids = LAYER_IDS.filter((id) => LAYER_DEFINITIONS[id].readers.includes(who))
  const counts = await Promise.all(ids.map((id) => countFeatures(db, id, { bbox: undefined }, scope)))
  return ids.map((id, i) => ({ id, ...LAYERS[id], count: counts[i]!, tiles: tilesFor(id, counts[i]!, tilesFrom) }))
}

/**
 * One page of a layer's features in id order, keyed on the last id of the previous page (`after`), as
 * the JSON text of a `LayerFeaturePage`. One row past the limit is read to know whether another page
 * follows, so `next` is null exactly on the last page and no client ever asks for an empty one. Only
 * the first page says how many match, and it counts only when it is not the whole answer: a layer in
 * N pages costs one count, not N.
 *
 * The page is written as text around each feature's geometry and properties as PostgreSQL wrote them
 * (`findFeatures`): parsing thousands of them into objects only to stringify them again was most of
 * the server's work on a large page.
 */
export async function layerFeaturesJson(db: Queryable, layer: LayerId, query: FeatureQuery, scope: CaseScope): Promise<string> {
  const { bbox, limit, after } = query
  if (after !== undefined && !isIdOf(layer, after)) {
    throw new ValidationError([{ field: 'query.after', reason: `'${after}' is not a feature id of ${layer}: use the \`next\` of a previous page` }])
  }
  const rows = await findFeatures(db, layer, { bbox, after, limit: limit + 1 }, scope)
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const first = after === undefined
  // The members after `features`, in the order of LayerFeaturePage (the one definition of the shape).
  const tail: Omit<LayerFeaturePage, 'type' | 'features'> = {
    ...(first ? { numberMatched: more ? await countFeatures(db, layer, { bbox }, scope) : page.length } : {}),
    numberReturned: page.length,
    truncated: more || !first,
    next: more ? String(page.at(-1)!.id) : null,
  }
  const features = page.map((r) => featureJson(r))
  return `{"type":"FeatureCollection","features":[${features.join(',')}],${JSON.stringify(tail).slice(1)}`
}
