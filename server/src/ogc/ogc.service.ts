import type { BBox } from '@citygrid/shared'
import type pg from 'pg'
import type { CaseScope } from '../auth/case-scope.ts'
import { ValidationError } from '../http/errors.ts'
import type { FeatureRow } from '../layers/layers.repository.ts'
import type { OgcSource } from './ogc.collections.ts'
import type { TimeRange } from '../layers/layers.repository.ts'
import { decodeCursor, encodeCursor, link } from './ogc.links.ts'
import { CRS84, GREGORIAN, MEDIA, type Collection, type Extent, type Link } from './ogc.schemas.ts'

/** A collection's links: itself and its items, in each format (/req/core/fc-md-items-links). */
export function collectionLinks(href: string): Link[] {
  return [
    link(href, 'self', MEDIA.json, 'This collection'),
    link(`${href}?f=html`, 'alternate', MEDIA.html, 'This collection as HTML'),
    link(`${href}/items`, 'items', MEDIA.geojson, 'Its features'),
    link(`${href}/items?f=html`, 'items', MEDIA.html, 'Its features as HTML'),
  ]
}

/** A collection as the caller may read it; `href` is its absolute URL. Its extent is read from the data the caller sees. */
export async function collectionOf(pool: pg.Pool, source: OgcSource, scope: CaseScope, href: string): Promise<Collection> {
  const { bbox, interval } = await source.extent(pool, scope)
  const extent: Extent = {
    ...(bbox ? { spatial: { bbox: [bbox], crs: CRS84 } } : {}),
    ...(interval ? { temporal: { interval: [interval], trs: GREGORIAN } } : {}),
  }
  return {
    id: source.id,
    title: source.title,
    description: source.description,
    itemType: 'feature',
    crs: [CRS84],
    ...(bbox || interval ? { extent } : {}),
    links: collectionLinks(href),
  }
}

export interface ItemsQuery {
  bbox: BBox | undefined
  datetime: TimeRange | undefined
  limit: number
  /** The `cursor` parameter as given (opaque). */
  cursor: string | undefined
}

export interface ItemsPage {
  features: FeatureRow[]
  numberMatched: number
  timeStamp: string
  /** The cursor of the page after this one; null on the last page. */
  next: string | null
}

/**
 * One page of a collection's items in id order: `numberMatched` exact on every page (the whole match
 * of bbox and datetime), and the cursor of the next page where more follow (the keyset `after`:
 * the page's last id, opaque). One row past the limit is read to know whether more follow.
 */
export async function itemsPage(pool: pg.Pool, source: OgcSource, { bbox, datetime, limit, cursor }: ItemsQuery, scope: CaseScope): Promise<ItemsPage> {
  let after: string | undefined
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor)
    if (decoded === null || !source.isId(decoded)) {
      throw new ValidationError([{ field: 'query.cursor', reason: 'not a cursor of this collection: use the `next` link of a previous page' }])
    }
    after = decoded
  }
  const timeStamp = new Date().toISOString()
  const rows = await source.page(pool, { bbox, datetime, after, limit: limit + 1 }, scope)
  const more = rows.length > limit
  const features = more ? rows.slice(0, limit) : rows
  // The whole match in one page, from its start, is its own count.
  const numberMatched = more || after !== undefined ? await source.count(pool, bbox, datetime, scope) : features.length
  return { features, numberMatched, timeStamp, next: more ? encodeCursor(String(features.at(-1)!.id)) : null }
}

/** One feature by id, or null when the reader has none `id` here. */
export async function itemOf(pool: pg.Pool, source: OgcSource, id: string, scope: CaseScope): Promise<FeatureRow | null> {
  return source.isId(id) ? source.one(pool, id, scope) : null
}
