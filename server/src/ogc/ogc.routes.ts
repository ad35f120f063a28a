import { createRoute } from '@hono/zod-openapi'
import { isLayerId, type LayerId } from '@citygrid/shared'
import { Hono, type Context, type MiddlewareHandler, type TypedResponse } from 'hono'
import type pg from 'pg'
import { z } from 'zod'
import { audienceOf } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import type { AppEnv } from '../http/context.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { errorResponses } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { link, ogcRoot, withQuery } from './ogc.links.ts'
import {
  CollectionSchema,
  CollectionsSchema,
  ConformanceSchema,
  FormatQuerySchema,
  ItemsQuerySchema,
  LandingPageSchema,
  MEDIA,
  OGC_CONFORMANCE,
  OgcFeatureCollectionSchema,
  OgcFeatureSchema,
  PARAMS,
} from './ogc.schemas.ts'
import { collectionOf, itemJson, itemsJson, visibleLayers } from './ogc.service.ts'

/**
 * Refuses query parameters the path does not define (/req/core/query-param-unknown), and `f=html`
 * (no HTML view yet), with the project's 400 naming the parameter.
 */
function onlyParams(allowed: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const unknown = Object.keys(c.req.queries()).filter((k) => !allowed.includes(k))
    if (unknown.length > 0) {
      throw new ValidationError(unknown.map((k) => ({ field: `query.${k}`, reason: `unknown parameter; this path takes ${allowed.join(', ')}` })))
    }
    if (c.req.query('f') === 'html') throw new ValidationError([{ field: 'query.f', reason: 'html is not offered yet: use f=json' }])
    await next()
  }
}

const json = (description: string, schema: z.ZodType) => ({ description, content: { [MEDIA.json]: { schema } } })
const geojson = (description: string, schema: z.ZodType) => ({ description, content: { [MEDIA.geojson]: { schema } } })

const CollectionParam = z.object({ collectionId: z.string().describe('A layer id, as listed by /collections') })

/** The collection the caller may read, or 404 (a collection the caller may not read is not listed, so it does not exist for them). */
function collectionFor(c: Context<AppEnv>, collectionId: string): LayerId {
  if (isLayerId(collectionId) && visibleLayers(audienceOf(c)).includes(collectionId)) return collectionId
  throw new NotFoundError(`no collection '${collectionId}' here; GET /ogc/collections lists those you may read`)
}

/** A JSON text body sent as `type`, typed as the route's documented answer. */
function send(c: Context<AppEnv>, text: string, type: string) {
  return c.body(text, 200, { 'Content-Type': type }) as unknown as TypedResponse<never, 200, 'json'>
}

/**
 * OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) over the layer registry: one collection per
 * layer the caller may read (who the `authenticate` middleware says: cookie, wall-screen token or a
 * personal API token). Its own OpenAPI 3.0 document is at /ogc/api; the routes are not in
 * /api/openapi.json (the outer plain Hono keeps them out of the parent's registry).
 */
export function ogcRoutes(pool: pg.Pool): Hono<AppEnv> {
  const ogc = newRouter()
  const plain = onlyParams(PARAMS.plain)
  const items = onlyParams(PARAMS.items)

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [plain],
      summary: 'Landing page',
      request: { query: FormatQuerySchema },
      responses: { 200: json('Landing page', LandingPageSchema), ...errorResponses },
    }),
    (c) => {
      const root = ogcRoot(c)
      return c.json(
        {
          title: 'citygrid OGC API – Features',
          description: 'The map layers of citygrid as OGC API – Features collections (GeoJSON, CRS84)',
          links: [
            link(root, 'self', MEDIA.json, 'This document'),
            link(`${root}/api`, 'service-desc', MEDIA.openapi, 'The API definition (OpenAPI 3.0)'),
            link(`${root}/conformance`, 'conformance', MEDIA.json, 'Conformance classes'),
            link(`${root}/collections`, 'data', MEDIA.json, 'Collections'),
          ],
        },
        200,
      )
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/conformance',
      middleware: [plain],
      summary: 'The conformance classes implemented',
      request: { query: FormatQuerySchema },
      responses: { 200: json('Conformance declaration', ConformanceSchema), ...errorResponses },
    }),
    (c) => c.json({ conformsTo: [...OGC_CONFORMANCE] }, 200),
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections',
      middleware: [plain],
      summary: 'The collections the caller may read: one per map layer (anonymous callers: none yet)',
      request: { query: FormatQuerySchema },
      responses: { 200: json('Collections', CollectionsSchema), ...errorResponses },
    }),
    (c) => {
      const root = ogcRoot(c)
      return c.json(
        {
          links: [link(`${root}/collections`, 'self', MEDIA.json, 'This document')],
          collections: visibleLayers(audienceOf(c)).map((id) => collectionOf(id, root)),
        },
        200,
      )
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections/{collectionId}',
      middleware: [plain],
      summary: 'One collection',
      request: { params: CollectionParam, query: FormatQuerySchema },
      responses: { 200: json('Collection', CollectionSchema), ...errorResponses },
    }),
    (c) => c.json(collectionOf(collectionFor(c, c.req.valid('param').collectionId), ogcRoot(c)), 200),
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections/{collectionId}/items',
      middleware: [items],
      summary: "A page of a collection's features, in id order, optionally inside a bbox",
      description: 'Follow the `next` link for the following page; numberMatched counts the whole match.',
      request: { params: CollectionParam, query: ItemsQuerySchema },
      responses: { 200: geojson('FeatureCollection page', OgcFeatureCollectionSchema), ...errorResponses },
    }),
    async (c) => {
      const layer = collectionFor(c, c.req.valid('param').collectionId)
      const { bbox, limit, cursor, datetime, f } = c.req.valid('query')
      if (datetime !== undefined) throw new ValidationError([{ field: 'query.datetime', reason: 'datetime is not supported on this collection' }])
      const collection = `${ogcRoot(c)}/collections/${encodeURIComponent(layer)}`
      const rawBbox = c.req.query('bbox')
      const text = await itemsJson(pool, layer, { bbox, limit, cursor }, caseScope(c.get('principal')), {
        self: c.req.url,
        collection,
        next: (next) => withQuery(c, { bbox: rawBbox, limit, cursor: next, f }),
      })
      return send(c, text, MEDIA.geojson)
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections/{collectionId}/items/{featureId}',
      middleware: [plain],
      summary: 'One feature',
      request: { params: CollectionParam.extend({ featureId: z.string() }), query: FormatQuerySchema },
      responses: { 200: geojson('Feature', OgcFeatureSchema), ...errorResponses },
    }),
    async (c) => {
      const { collectionId, featureId } = c.req.valid('param')
      const layer = collectionFor(c, collectionId)
      const collection = `${ogcRoot(c)}/collections/${encodeURIComponent(layer)}`
      const text = await itemJson(pool, layer, featureId, caseScope(c.get('principal')), { self: c.req.url, collection })
      if (text === null) throw new NotFoundError(`no feature '${featureId}' in collection '${layer}'`)
      return send(c, text, MEDIA.geojson)
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/api',
      middleware: [plain],
      summary: 'This API definition (OpenAPI 3.0)',
      request: { query: FormatQuerySchema },
      responses: { 200: { description: 'OpenAPI 3.0 document', content: { [MEDIA.openapi]: { schema: z.record(z.string(), z.unknown()) } } }, ...errorResponses },
    }),
    (c) => {
      const doc = ogc.getOpenAPIDocument({
        openapi: '3.0.3',
        info: { title: 'citygrid OGC API – Features', version: '0.1.0', description: 'OGC API – Features Part 1 over the citygrid map layers' },
        servers: [{ url: ogcRoot(c) }],
      })
      return send(c, JSON.stringify(doc), MEDIA.openapi)
    },
  )

  // A plain Hono around the router: mounted with app.route, an OpenAPIHono would add these paths to
  // /api/openapi.json, which documents /api only.
  return new Hono<AppEnv>().route('/', ogc)
}
