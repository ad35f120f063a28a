import { z } from 'zod'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { BBoxParamSchema } from './geo.ts'

export const MAX_FEATURE_LIMIT = 10_000
export const DEFAULT_FEATURE_LIMIT = 5_000

export const FeatureQuerySchema = z.object({
  bbox: BBoxParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_FEATURE_LIMIT).default(DEFAULT_FEATURE_LIMIT),
})

/** RFC 7946 FeatureCollection plus OGC API paging members that say whether the answer was capped. */
export interface LayerFeatureCollection<P = Record<string, unknown>> extends FeatureCollection<Geometry, P> {
  numberMatched: number
  numberReturned: number
  truncated: boolean
}
export type LayerFeature<P = Record<string, unknown>> = Feature<Geometry, P> & { id: string | number }

export const LayerFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]),
      geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  truncated: z.boolean(),
})
