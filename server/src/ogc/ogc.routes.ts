import { createRoute } from '@hono/zod-openapi'
import { ErrorBodySchema } from '@citygrid/shared'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type pg from 'pg'
import { z } from 'zod'
import { audienceOf, DISPLAY_COOKIE, SESSION_COOKIE } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import type { Config } from '../config.ts'
import type { AppEnv } from '../http/context.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { rateLimit } from '../http/rate-limit.ts'
import { newRouter } from '../http/router.ts'
import { featureJson } from '../layers/layers.service.ts'
import { visibleSources, type OgcSource } from './ogc.collections.ts'
import { formatOf, type OgcFormat } from './ogc.format.ts'
import { apiHtml, collectionHtml, collectionsHtml, conformanceHtml, itemHtml, itemsHtml, landingHtml } from './ogc.html.ts'
import { link, ogcUrls, withFormat } from './ogc.links.ts'
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
  type Link,
} from './ogc.schemas.ts'
import { collectionOf, itemOf, itemsPage } from './ogc.service.ts'

/** Refuses query parameters the path does not define (/req/core/query-param-unknown) with the project's 400 naming each. */
function onlyParams(allowed: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const unknown = Object.keys(c.req.queries()).filter((k) => !allowed.includes(k))
    if (unknown.length > 0) {
      throw new ValidationError(unknown.map((k) => ({ field: `query.${k}`, reason: `unknown parameter; this path takes ${allowed.join(', ')}` })))
    }
    await next()
  }
}

/** A 200 in `type` (JSON or GeoJSON) and in HTML (/req/html/definition). */
const ok = (description: string, type: string, schema: z.ZodType) => ({
  description,
  content: { [type]: { schema }, [MEDIA.html]: { schema: z.string().describe('The same document as an HTML page') } },
})
const failures = {
  ...errorResponses,
  500: jsonResponse('An unexpected failure (nothing of it is disclosed)', ErrorBodySchema),
  429: jsonResponse('Too many requests from this client without credentials; see Retry-After', ErrorBodySchema),
  503: jsonResponse('The database is away or too slow; see Retry-After', ErrorBodySchema),
}

const CollectionParam = z.object({ collectionId: z.string().describe('A collection id, as listed by /collections') })

/** A text body sent as `type` (the documented answer in one of its media types, which Hono's types cannot tell apart). */
function send(c: Context<AppEnv>, text: string, type: string): never {
  return c.body(text, 200, { 'Content-Type': type === MEDIA.html ? 'text/html; charset=utf-8' : type }) as never
}

/** The links of a document to itself (`self`, in the format sent) and to its other format (`alternate`). */
function selfLinks(href: string, format: OgcFormat, jsonType: string, what: string): Link[] {
  const json = link(format === 'json' ? href : withFormat(href, 'json'), format === 'json' ? 'self' : 'alternate', jsonType, `${what} as JSON`)
  const html = link(withFormat(href, 'html'), format === 'html' ? 'self' : 'alternate', MEDIA.html, `${what} as HTML`)
  return format === 'json' ? [json, html] : [html, json]
}

/**
 * OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) over the layer registry: one collection
 * per layer the caller may read (who the `authenticate` middleware says: cookie, wall-screen token or a
 * personal API token), and the public collections for everyone, signed in or not. Every document in
 * JSON or HTML (`f`, else the Accept header). Links start at EXTERNAL_URL when it is set
 * (`externalUrl`). A caller without credentials reads only what is public, within the public API's
 * per-client limit (`publicApi`, as /api/public and the public tiles). Its own OpenAPI 3.0 document is
 * at /ogc/api; the routes are not in /api/openapi.json (the outer plain Hono keeps them out of the
 * parent's registry).
 */
export function ogcRoutes(pool: pg.Pool, { externalUrl, publicApi }: Pick<Readonly<Config>, 'externalUrl' | 'publicApi'>): Hono<AppEnv> {
  const ogc = newRouter()
  const publicLimit = rateLimit({ perMinute: publicApi.ratePerMinute, trustProxy: publicApi.trustProxy })
  ogc.use('*', (c, next) => (c.get('principal') ? next() : publicLimit(c, next)))
  const urls = ogcUrls(externalUrl)
  const plain = onlyParams(PARAMS.plain)
  const items = onlyParams(PARAMS.items)
  const collectionHref = (c: Context<AppEnv>, id: string) => `${urls.root(c)}/collections/${encodeURIComponent(id)}`

  /** The collection the caller may read, or 404 (one the caller may not read is not listed, so it does not exist for them). */
  function sourceFor(c: Context<AppEnv>, collectionId: string): OgcSource {
    const source = visibleSources(audienceOf(c)).find((s) => s.id === collectionId)
    if (source) return source
    throw new NotFoundError(`no collection '${collectionId}' here; GET /ogc/collections lists those you may read`)
  }

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [plain],
      summary: 'Landing page',
      request: { query: FormatQuerySchema },
      responses: { 200: ok('Landing page', MEDIA.json, LandingPageSchema), ...failures },
    }),
    (c) => {
      const format = formatOf(c, c.req.valid('query').f)
      const root = urls.root(c)
      const doc = {
        title: 'citygrid OGC API – Features',
        description: 'The map layers of citygrid as OGC API – Features collections (GeoJSON, CRS84)',
        links: [
          ...selfLinks(urls.here(c), format, MEDIA.json, 'This document'),
          link(`${root}/api`, 'service-desc', MEDIA.openapi, 'The API definition (OpenAPI 3.0)'),
          link(`${root}/api?f=html`, 'service-doc', MEDIA.html, 'The API documentation'),
          link(`${root}/conformance`, 'conformance', MEDIA.json, 'Conformance classes'),
          link(`${root}/collections`, 'data', MEDIA.json, 'Collections'),
        ],
      }
      return format === 'html' ? send(c, landingHtml(doc), MEDIA.html) : c.json(doc, 200)
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/conformance',
      middleware: [plain],
      summary: 'The conformance classes implemented',
      request: { query: FormatQuerySchema },
      responses: { 200: ok('Conformance declaration', MEDIA.json, ConformanceSchema), ...failures },
    }),
    (c) => {
      const format = formatOf(c, c.req.valid('query').f)
      const doc = { conformsTo: [...OGC_CONFORMANCE], links: selfLinks(urls.here(c), format, MEDIA.json, 'This document') }
      return format === 'html' ? send(c, conformanceHtml(doc), MEDIA.html) : c.json(doc, 200)
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections',
      middleware: [plain],
      summary: 'The collections the caller may read: one per map layer it may read, and the public ones (all an anonymous caller gets)',
      request: { query: FormatQuerySchema },
      responses: { 200: ok('Collections', MEDIA.json, CollectionsSchema), ...failures },
    }),
    async (c) => {
      const format = formatOf(c, c.req.valid('query').f)
      const scope = caseScope(c.get('principal'))
      const sources = visibleSources(audienceOf(c))
      const collections = await Promise.all(sources.map((s) => collectionOf(pool, s, scope, collectionHref(c, s.id))))
      const doc = { links: selfLinks(urls.here(c), format, MEDIA.json, 'This document'), collections }
      return format === 'html' ? send(c, collectionsHtml(doc), MEDIA.html) : c.json(doc, 200)
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections/{collectionId}',
      middleware: [plain],
      summary: 'One collection',
      request: { params: CollectionParam, query: FormatQuerySchema },
      responses: { 200: ok('Collection', MEDIA.json, CollectionSchema), ...failures },
    }),
    async (c) => {
      const source = sourceFor(c, c.req.valid('param').collectionId)
      const doc = await collectionOf(pool, source, caseScope(c.get('principal')), collectionHref(c, source.id))
      return formatOf(c, c.req.valid('query').f) === 'html' ? send(c, collectionHtml(doc), MEDIA.html) : c.json(doc, 200)
    },
  )

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/collections/{collectionId}/items',
      middleware: [items],
      summary: "A page of a collection's features, in id order, optionally inside a bbox and a datetime",
      description: 'Follow the `next` link for the following page; numberMatched counts the whole match, on every page.',
      request: { params: CollectionParam, query: ItemsQuerySchema },
      responses: { 200: ok('FeatureCollection page', MEDIA.geojson, OgcFeatureCollectionSchema), ...failures },
    }),
    async (c) => {
      const source = sourceFor(c, c.req.valid('param').collectionId)
      const { bbox, datetime, limit, cursor, f } = c.req.valid('query')
      const format = formatOf(c, f)
      const page = await itemsPage(pool, source, { bbox, datetime, limit, cursor }, caseScope(c.get('principal')))
      const href = collectionHref(c, source.id)
      // The next page: this request's own parameters as given, the cursor in place of its own.
      const next = (cursor: string) => urls.here(c, { bbox: c.req.query('bbox'), datetime: c.req.query('datetime'), limit, cursor, f })
      const links = [
        ...selfLinks(urls.here(c), format, MEDIA.geojson, 'This page'),
        link(href, 'collection', MEDIA.json, 'The collection'),
        ...(page.next ? [link(next(page.next), 'next', format === 'html' ? MEDIA.html : MEDIA.geojson, 'Next page')] : []),
      ]
      const tail = { numberMatched: page.numberMatched, numberReturned: page.features.length, timeStamp: page.timeStamp, links }
      if (format === 'html') {
        const features = page.features.map((r) => JSON.parse(featureJson(r)) as Parameters<typeof itemsHtml>[1]['features'][number])
        const itemHref = (id: string | number) => `${href}/items/${encodeURIComponent(String(id))}?f=html`
        return send(c, itemsHtml(`${source.title} (${source.id})`, { features, ...tail }, itemHref), MEDIA.html)
      }
      const text = `{"type":"FeatureCollection","features":[${page.features.map((r) => featureJson(r)).join(',')}],${JSON.stringify(tail).slice(1)}`
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
      responses: { 200: ok('Feature', MEDIA.geojson, OgcFeatureSchema), ...failures },
    }),
    async (c) => {
      const { collectionId, featureId } = c.req.valid('param')
      const source = sourceFor(c, collectionId)
      const format = formatOf(c, c.req.valid('query').f)
      const row = await itemOf(pool, source, featureId, caseScope(c.get('principal')))
      if (row === null) throw new NotFoundError(`no feature '${featureId}' in collection '${source.id}'`)
      const links = [
        ...selfLinks(urls.here(c), format, MEDIA.geojson, 'This feature'),
        link(collectionHref(c, source.id), 'collection', MEDIA.json, 'The collection'),
      ]
      const text = featureJson(row, { links })
      if (format === 'json') return send(c, text, MEDIA.geojson)
      return send(c, itemHtml(`${source.title}: ${featureId}`, JSON.parse(text) as Parameters<typeof itemHtml>[1]), MEDIA.html)
    },
  )

  // How callers say who they are (the `authenticate` middleware reads all three; /conf/oas30/security).
  const schemes = ogc.openAPIRegistry
  schemes.registerComponent('securitySchemes', 'apiToken', { type: 'http', scheme: 'bearer', description: 'A personal API token (cgp_…) or a wall screen token' })
  schemes.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'A signed-in session' })
  schemes.registerComponent('securitySchemes', 'wallScreen', { type: 'apiKey', in: 'cookie', name: DISPLAY_COOKIE, description: 'A wall screen signed in' })

  ogc.openapi(
    createRoute({
      method: 'get',
      path: '/api',
      middleware: [plain],
      summary: 'This API definition (OpenAPI 3.0)',
      request: { query: FormatQuerySchema },
      responses: { 200: ok('OpenAPI 3.0 document', MEDIA.openapi, z.record(z.string(), z.unknown())), ...failures },
    }),
    (c) => {
      const doc = ogc.getOpenAPIDocument({
        openapi: '3.0.3',
        info: {
          title: 'citygrid OGC API – Features',
          version: '0.1.0',
          description:
            'OGC API – Features Part 1 over the citygrid map layers. Without credentials: the public collections only; ' +
            'with them, also the layers their owner may read.',
        },
        servers: [{ url: urls.root(c) }],
        // Anonymous callers are served too (the public collections): the empty requirement says so.
        security: [{}, { apiToken: [] }, { session: [] }, { wallScreen: [] }],
      })
      const format = formatOf(c, c.req.valid('query').f)
      if (format === 'json') return send(c, JSON.stringify(doc), MEDIA.openapi)
      return send(c, apiHtml(doc, selfLinks(urls.here(c), format, MEDIA.openapi, 'This API definition')), MEDIA.html)
    },
  )

  // `{root}/` is the landing page as the API definition has it (its server URL, then the path `/`), and
  // every path with a slash after it is the path without: a permanent redirect there.
  const slash: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET' || !c.req.path.endsWith('/')) return next()
    const url = new URL(urls.here(c))
    url.pathname = url.pathname.replace(/\/+$/, '')
    return c.redirect(url.toString(), 308)
  }
  // A plain Hono around the router: mounted with app.route, an OpenAPIHono would add these paths to
  // /api/openapi.json, which documents /api only.
  return new Hono<AppEnv>().use('*', slash).route('/', ogc)
}
