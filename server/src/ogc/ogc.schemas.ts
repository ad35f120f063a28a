import { BBoxParamSchema, MAX_FEATURE_LIMIT } from '@citygrid/shared'
import { z } from 'zod'

/**
 * What OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) says the /ogc documents are: the
 * landing page, the conformance declaration, collections and their links, and the query parameters
 * of each path. The layer registry (shared/src/layers) stays the one definition of each collection.
 */

export const OGC_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
] as const

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
} as const

/** The page size of /items without `limit` (the standard's example default). */
export const OGC_DEFAULT_LIMIT = 100
/** The largest `limit`: the registry's own (`/api/layers/{id}/features` takes no more either). */
export const OGC_MAX_LIMIT = MAX_FEATURE_LIMIT

export const LinkSchema = z.object({
  href: z.string(),
  rel: z.string(),
  type: z.string().optional(),
  title: z.string().optional(),
})
export type Link = z.infer<typeof LinkSchema>

export const LandingPageSchema = z.object({ title: z.string(), description: z.string(), links: z.array(LinkSchema) })
export const ConformanceSchema = z.object({ conformsTo: z.array(z.string()) })

export const CollectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  links: z.array(LinkSchema),
})
export type Collection = z.infer<typeof CollectionSchema>
export const CollectionsSchema = z.object({ links: z.array(LinkSchema), collections: z.array(CollectionSchema) })

const FeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
  properties: z.record(z.string(), z.unknown()),
  links: z.array(LinkSchema).optional(),
})
export const OgcFeatureSchema = FeatureSchema
export const OgcFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(FeatureSchema),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links: z.array(LinkSchema),
})

/** `f`: the format; only JSON today (`f=html` answers 400 until there is an HTML view). */
const FormatParam = z.enum(['json', 'html']).optional().describe('Output format: `json` (the default). `html` is not offered yet and answers 400.')

export const FormatQuerySchema = z.object({ f: FormatParam })

export const ItemsQuerySchema = z.object({
  bbox: BBoxParamSchema.optional()
    .describe('minLon,minLat,maxLon,maxLat in CRS84 (WGS 84 longitude, latitude); at most 10 degrees each way'),
  // Above the maximum is not an error: the page holds the maximum (the standard's own example: ask for
  // 50000, get up to 10000 and a next link; opengeospatial/ogcapi-features#640).
  limit: z
    .preprocess(
      (v) => (typeof v === 'string' && /^[0-9]+$/.test(v) && Number(v) > OGC_MAX_LIMIT ? String(OGC_MAX_LIMIT) : v),
      z.coerce.number().int().min(1).max(OGC_MAX_LIMIT).default(OGC_DEFAULT_LIMIT),
    )
    .describe(`Features per page: 1 to ${OGC_MAX_LIMIT} (a larger value gets ${OGC_MAX_LIMIT}), default ${OGC_DEFAULT_LIMIT}`),
  cursor: z.string().optional().describe('Where the page starts: opaque, from the `next` link of the previous page'),
  datetime: z
    .string()
    .optional()
    .describe('Not supported on any collection yet: any value answers 400 "datetime is not supported on this collection"'),
  f: FormatParam,
})

/** The query parameters each kind of path takes; any other answers 400 (/req/core/query-param-unknown). */
export const PARAMS = {
  plain: Object.keys(FormatQuerySchema.shape),
  items: Object.keys(ItemsQuerySchema.shape),
} as const
