import { LAYER_DEFINITIONS, LAYER_IDS, type BBox, type LayerId, type LayerReader } from '@citygrid/shared'
import type { CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'
import { countFeatures, findFeature, findFeatures, isIdOf } from '../layers/layers.repository.ts'
import { featureJson } from '../layers/layers.service.ts'
import { encodeCursor, decodeCursor, link } from './ogc.links.ts'
import { MEDIA, type Collection } from './ogc.schemas.ts'

/**
 * The layers `who` may read, as collections: the same rule as /api/layers (the layer's readers). An
 * anonymous caller (`null`) reads none yet: no layer has public properties today, and public parking
 * lots become a public collection in a later step.
 */
export function visibleLayers(who: LayerReader | null): LayerId[] {
  return who ? LAYER_IDS.filter((id) => LAYER_DEFINITIONS[id].readers.includes(who)) : []
}

/** A layer as an OGC collection; `root` is the absolute URL of /ogc. */
export function collectionOf(layer: LayerId, root: string): Collection {
  const { title } = LAYER_DEFINITIONS[layer]
  const self = `${root}/collections/${encodeURIComponent(layer)}`
  return {
    id: layer,
    title: title.zh,
    description: title.en,
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    links: [
      link(self, 'self', MEDIA.json, 'This collection'),
      link(`${self}/items`, 'items', MEDIA.geojson, 'Its features'),
    ],
  }
}

export interface ItemsPage {
  bbox: BBox | undefined
  limit: number
  /** The `cursor` parameter as given (opaque). */
  cursor: string | undefined
}

/**
 * One page of a collection's items as GeoJSON text, with the standard's members: `numberMatched`
 * (exact, on every page), `numberReturned`, `timeStamp` and links (`self`, `collection`, and `next`
 * where more follow: its cursor is the keyset `after` of /api/layers, opaque). Reads the features and
 * counts them exactly as /api/layers/{id}/features does (findFeatures, countFeatures).
 * `urlWith(cursor)` is this request's URL with `cursor` in place of its own.
 */
export async function itemsJson(
  db: Queryable,
  layer: LayerId,
  { bbox, limit, cursor }: ItemsPage,
  scope: CaseScope,
  urls: { self: string; collection: string; next: (cursor: string) => string },
): Promise<string> {
  let after: string | undefined
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor)
    if (decoded === null || !isIdOf(layer, decoded)) {
      throw new ValidationError([{ field: 'query.cursor', reason: 'not a cursor of this collection: use the `next` link of a previous page' }])
    }
    after = decoded
  }
  const timeStamp = new Date().toISOString()
  const rows = await findFeatures(db, layer, { bbox, after, limit: limit + 1 }, scope)
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  // The whole match in one page, from its start, is its own count.
  const numberMatched = more || after !== undefined ? await countFeatures(db, layer, bbox, scope) : page.length
  const links = [
    link(urls.self, 'self', MEDIA.geojson, 'This page'),
    link(urls.collection, 'collection', MEDIA.json, 'The collection'),
    ...(more ? [link(urls.next(encodeCursor(String(page.at(-1)!.id))), 'next', MEDIA.geojson, 'Next page')] : []),
  ]
  const tail = JSON.stringify({ numberMatched, numberReturned: page.length, timeStamp, links }).slice(1)
  return `{"type":"FeatureCollection","features":[${page.map((r) => featureJson(r)).join(',')}],${tail}`
}

/** One feature as GeoJSON text with its links, or null when the reader has no feature `id` in `layer`. */
export async function itemJson(db: Queryable, layer: LayerId, id: string, scope: CaseScope, urls: { self: string; collection: string }): Promise<string | null> {
  if (!isIdOf(layer, id)) return null
  const row = await findFeature(db, layer, id, scope)
  return row && featureJson(row, { links: [link(urls.self, 'self', MEDIA.geojson, 'This feature'), link(urls.collection, 'collection', MEDIA.json, 'The collection')] })
}
