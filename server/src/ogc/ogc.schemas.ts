import { BBoxParamSchema, MAX_FEATURE_LIMIT } from '@citygrid/shared'
import '@hono/zod-openapi' // its `.openapi()` on zod schemas: the documented form of parameters parsed from text
import { z } from 'zod'
import type { TimeRange } from '../layers/layers.repository.ts'
import { parseDatetime } from './ogc.datetime.ts'

/**
 * What OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) says the /ogc documents are: the
 * landing page, the conformance declaration, collections and their links, and the query parameters
 * of each path. The layer registry (shared/src/layers) stays the one definition of each collection.
 */

/**
 * Core, GeoJSON, HTML and OpenAPI 3.0, as 1.0 (the published standard, what GDAL and QGIS look for)
 * names them and as 1.1 does (whose abstract tests the conformance pass runs).
 */
export const OGC_CONFORMANCE = ['1.0', '1.1'].flatMap((version) =>
  ['core', 'geojson', 'html', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/${version}/conf/${c}`),
)

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
  html: 'text/html',
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
export const ConformanceSchema = z.object({ conformsTo: z.array(z.string()), links: z.array(LinkSchema).optional() })

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'

/** Where a collection's features lie and, on a temporal one, when: from the data the caller may read. */
export const ExtentSchema = z.object({
  spatial: z.object({ bbox: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])), crs: z.literal(CRS84) }).optional(),
  temporal: z.object({ interval: z.array(z.tuple([z.string().nullable(), z.string().nullable()])), trs: z.literal(GREGORIAN) }).optional(),
})
export type Extent = z.infer<typeof ExtentSchema>

export const CollectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  extent: ExtentSchema.optional(),
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

/** `f`: the format; without it, the Accept header decides (ogc.format.ts). */
const FormatParam = z
  .enum(['json', 'html'])
  .optional()
  .describe('Output format: `json` (GeoJSON for features) or `html`; without `f`, `Accept: text/html` gets HTML and anything else JSON')

export const FormatQuerySchema = z.object({ f: FormatParam })

/** A bbox with heights (six numbers): the layers are 2D, so the heights say nothing and are left out. */
const withoutHeights = (v: unknown) => {
  const parts = typeof v === 'string' ? v.split(',') : []
  return parts.length === 6 ? [parts[0], parts[1], parts[3], parts[4]].join(',') : v
}

export const ItemsQuerySchema = z.object({
  bbox: z
    .preprocess(withoutHeights, BBoxParamSchema)
    .optional()
    .describe('minLon,minLat,maxLon,maxLat in CRS84 (WGS 84 longitude, latitude), or six numbers with heights (ignored: the data is 2D); at most 10 degrees each way')
    .openapi({ type: 'array', items: { type: 'number' }, oneOf: [{ minItems: 4, maxItems: 4 }, { minItems: 6, maxItems: 6 }], param: { style: 'form', explode: false } }),
  // Above the maximum is not an error: the page holds the maximum (the standard's own example: ask for
  // 50000, get up to 10000 and a next link; opengeospatial/ogcapi-features#640).
  limit: z
    .preprocess(
      (v) => (typeof v === 'string' && /^[0-9]+$/.test(v) && Number(v) > OGC_MAX_LIMIT ? String(OGC_MAX_LIMIT) : v),
      z.coerce.number().int().min(1).max(OGC_MAX_LIMIT).default(OGC_DEFAULT_LIMIT),
    )
    .describe(`Features per page: 1 to ${OGC_MAX_LIMIT} (a larger value gets ${OGC_MAX_LIMIT}), default ${OGC_DEFAULT_LIMIT}`)
    .openapi({ type: 'integer', minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT, param: { style: 'form', explode: false } }),
  cursor: z.string().optional().describe('Where the page starts: opaque, from the `next` link of the previous page'),
  datetime: z
    .string()
    .transform((raw, ctx): TimeRange => {
      const parsed = parseDatetime(raw)
      if ('reason' in parsed) ctx.addIssue({ code: 'custom', message: parsed.reason })
      return 'range' in parsed ? parsed.range : { start: null, end: null }
    })
    .optional()
    .describe(
      'An RFC 3339 date-time, or an interval start/end with `..` or nothing for an open end. On a temporal collection, only features whose time ' +
        'falls on it or inside it (features without a time match any); a collection without a time matches every feature.',
    )
    .openapi({ type: 'string', param: { style: 'form', explode: false } }),
  f: FormatParam,
})

/** The query parameters each kind of path takes; any other answers 400 (/req/core/query-param-unknown). */
export const PARAMS = {
  plain: Object.keys(FormatQuerySchema.shape),
  items: Object.keys(ItemsQuerySchema.shape),
} as const
