import { z } from 'zod'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { BBoxParamSchema } from './geo.ts'

export const MAX_FEATURE_LIMIT = 10_000
export const DEFAULT_FEATURE_LIMIT = 5_000

/**
 * The keyset cursor of `/api/layers/{layer}/features`: the `next` of the previous page, which is the
 * id of its last feature (pages are in id order). Clients pass it back untouched; the server checks
 * it against the layer's id type.
 */
export const FeatureCursorSchema = z
  .string()
  .min(1, 'must be the `next` of a previous page')
  .max(200, 'must be the `next` of a previous page')
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters')

export const FeatureQuerySchema = z.object({
  bbox: BBoxParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_FEATURE_LIMIT).default(DEFAULT_FEATURE_LIMIT),
  after: FeatureCursorSchema.optional(),
})
export type FeatureQuery = z.infer<typeof FeatureQuerySchema>

/**
 * RFC 7946 FeatureCollection plus OGC API Features members that say how much of the match it holds:
 *  - `numberMatched`: features matching the query (layer, bbox), over all pages;
 *  - `numberReturned`: features in this collection;
 *  - `truncated`: numberReturned < numberMatched, i.e. this collection alone is not the whole answer.
 * The web keeps one per layer: every page of the layer concatenated.
 */
export interface LayerFeatureCollection<P = Record<string, unknown>> extends FeatureCollection<Geometry, P> {
  features: LayerFeature<P>[]
  numberMatched: number
  numberReturned: number
  truncated: boolean
}
export type LayerFeature<P = Record<string, unknown>> = Feature<Geometry, P> & { id: string | number }

/**
 * One page of `/api/layers/{layer}/features`, in id order:
 *  - `numberMatched`: on the first page (no `after`) only; a later page leaves it out rather than
 *    count the whole match again for every page (OGC API Features makes it optional);
 *  - `numberReturned`: features in this page;
 *  - `truncated`: this page is not the whole answer (numberReturned < numberMatched): a page came
 *    before it or follows it;
 *  - `next`: the `after` cursor for the following page, or null when this page is the last.
 * A client that follows `next` until null has every matched feature exactly once.
 */
export interface LayerFeaturePage<P = Record<string, unknown>> extends FeatureCollection<Geometry, P> {
  features: LayerFeature<P>[]
  numberMatched?: number
  numberReturned: number
  truncated: boolean
  next: string | null
}

/** One feature of a layer (`/api/layers/{layer}/features/{id}`), and each of a collection's. */
export const LayerFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
  properties: z.record(z.string(), z.unknown()),
})

export const LayerFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(LayerFeatureSchema),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  truncated: z.boolean(),
})

export const LayerFeaturePageSchema = LayerFeatureCollectionSchema.extend({
  numberMatched: z.number().int().optional(),
  next: FeatureCursorSchema.nullable(),
})
