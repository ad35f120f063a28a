import { LAYER_DEFINITIONS, LAYER_IDS, type BBox, type LayerId, type LayerReader } from '@citygrid/shared'
import type pg from 'pg'
import type { CaseScope } from '../auth/case-scope.ts'
import { countFeatures, findFeature, findFeatures, isIdOf, type FeatureRow, type FeatureSlice, type TimeRange } from '../layers/layers.repository.ts'
import { lotCollection } from '../public/public-parking.service.ts'
import { layerExtent, type LayerExtent } from './ogc.repository.ts'

/** What a page of items asks for: the layer API's slice, its bbox matched by intersection, with an optional time range. */
export type OgcSlice = Omit<FeatureSlice, 'intersects' | 'datetime'> & { datetime: TimeRange | undefined }

/**
 * What the OGC API serves as collections, each through one contract (`OgcSource`): every layer of the
 * registry (for its readers, with their case scope), and the public ones anyone may read, signed in or
 * not: the public parking lots, with exactly the fields /api/public/parking/lots serves (its own
 * `lotCollection`, not a copy).
 */
export interface OgcSource {
  id: string
  title: string
  description: string
  /** Whether `id` can be a feature id here at all (bad input otherwise, not a query). */
  isId(id: string): boolean
  /** Features in id order inside `bbox` and `datetime`, after `after`, at most `limit`. */
  page(pool: pg.Pool, slice: OgcSlice, scope: CaseScope): Promise<FeatureRow[]>
  count(pool: pg.Pool, bbox: BBox | undefined, datetime: TimeRange | undefined, scope: CaseScope): Promise<number>
  one(pool: pg.Pool, id: string, scope: CaseScope): Promise<FeatureRow | null>
  extent(pool: pg.Pool, scope: CaseScope): Promise<LayerExtent>
}

function layerSource(layer: LayerId): OgcSource {
  const { title } = LAYER_DEFINITIONS[layer]
  return {
    id: layer,
    title: title.zh,
    description: title.en,
    isId: (id) => isIdOf(layer, id),
    // The standard's bbox matches geometries that intersect it (/req/core/fc-bbox-response).
    page: (pool, slice, scope) => findFeatures(pool, layer, { ...slice, intersects: true }, scope),
    count: (pool, bbox, datetime, scope) => countFeatures(pool, layer, { bbox, datetime, intersects: true }, scope),
    one: (pool, id, scope) => findFeature(pool, layer, id, scope),
    extent: (pool, scope) => layerExtent(pool, layer, scope),
  }
}

/**
 * The public lots as feature rows, in the code point order of their ids (the keyset of the pages),
 * each inside `bbox` by the point it is shown at (the lot's SQL keeps lots whose area touches it).
 * Lots have no time of their own: `datetime` matches them all (/req/core/fc-time-response C).
 */
async function lotRows(pool: pg.Pool, bbox: BBox | undefined): Promise<FeatureRow[]> {
  const { features } = await lotCollection(pool, bbox)
  const inside = ([x, y]: [number, number]) => !bbox || (x >= bbox[0] && y >= bbox[1] && x <= bbox[2] && y <= bbox[3])
  return features
    .filter((f) => inside(f.geometry.coordinates))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((f) => ({ id: f.id, geometry: JSON.stringify(f.geometry), properties: JSON.stringify(f.properties) }))
}

const publicParkingLots: OgcSource = {
  id: 'public-parking-lots',
  title: '公共停车场',
  description: 'Public parking lots: live free spaces, price and opening hours (as /api/public/parking serves them)',
  isId: (id) => id.length > 0 && id.length <= 200,
  page: async (pool, { bbox, after, limit }) => (await lotRows(pool, bbox)).filter((r) => after === undefined || String(r.id) > after).slice(0, limit),
  count: async (pool, bbox) => (await lotRows(pool, bbox)).length,
  one: async (pool, id) => (await lotRows(pool, undefined)).find((r) => r.id === id) ?? null,
  extent: async (pool) => {
    const points = (await lotRows(pool, undefined)).map((r) => (JSON.parse(r.geometry) as { coordinates: [number, number] }).coordinates)
    if (points.length === 0) return { bbox: null, interval: null }
    const xs = points.map((p) => p[0])
    const ys = points.map((p) => p[1])
    return { bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], interval: null }
  },
}

/** Collections anyone may read, signed in or not. */
export const PUBLIC_SOURCES: readonly OgcSource[] = [publicParkingLots]

const LAYER_SOURCES = Object.fromEntries(LAYER_IDS.map((id) => [id, layerSource(id)])) as Record<LayerId, OgcSource>

/**
 * The collections `who` may read: the layers whose readers include them (the rule of /api/layers),
 * then the public ones. An anonymous caller (`null`) gets the public ones only.
 */
export function visibleSources(who: LayerReader | null): OgcSource[] {
  const layers = who ? LAYER_IDS.filter((id) => LAYER_DEFINITIONS[id].readers.includes(who)).map((id) => LAYER_SOURCES[id]) : []
  return [...layers, ...PUBLIC_SOURCES]
}
