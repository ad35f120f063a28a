import { createRoute } from '@hono/zod-openapi'
import { FeatureQuerySchema, LayerInfoSchema } from '@citygrid/shared'
import type { TypedResponse } from 'hono'
import { z } from 'zod'
import type pg from 'pg'
import { newRouter } from '../http/router.ts'
import { audienceOf, requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { featureJson, layerFeaturesJson, listLayers } from './layers.service.ts'
import { findFeature, isIdOf } from './layers.repository.ts'
import { NotFoundError } from '../http/errors.ts'
import { readableLayer } from './readable-layer.ts'

export function layersRoutes(pool: pg.Pool, tilesFrom: number) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'The map layers the caller may read, with their titles, legends, feature counts (of the features the caller is shown) and whether the map draws them from vector tiles',
      responses: { 200: jsonResponse('Layers', z.array(LayerInfoSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listLayers(pool, audienceOf(c)!, caseScope(c.get('principal')), tilesFrom), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{layer}/features',
      middleware: [requireRole(...VIEWERS)],
      summary: 'One page of a layer\'s features, in id order, as an RFC 7946 FeatureCollection, optionally inside a bbox; a department sees its own cases',
      description: 'Keyset paging: pass the `next` of a page as `after` to get the following one; `next` is null on the last page.',
      request: { params: z.object({ layer: z.string() }), query: FeatureQuerySchema },
      responses: { 200: jsonResponse('FeatureCollection page (numberMatched, numberReturned, truncated, next)'), ...errorResponses },
    }),
    async (c) => {
      const layer = readableLayer(c, c.req.valid('param').layer)
      // JSON text written around PostgreSQL's own (layerFeaturesJson), not stringified again, with the
      // content type c.json gives. Typed as c.json's answer: the route's documented response is JSON.
      const page = c.body(await layerFeaturesJson(pool, layer, c.req.valid('query'), caseScope(c.get('principal'))), 200, {
        'Content-Type': 'application/json',
      })
      return page as unknown as TypedResponse<never, 200, 'json'>
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{layer}/features/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'One feature of a layer by its id, as an RFC 7946 Feature (what a map drawn from vector tiles shows in a popup); 404 for an id the caller is not shown',
      request: { params: z.object({ layer: z.string(), id: z.string() }) },
      responses: { 200: jsonResponse('Feature'), ...errorResponses },
    }),
    async (c) => {
      const { layer: name, id } = c.req.valid('param')
      const layer = readableLayer(c, name)
      const row = isIdOf(layer, id) ? await findFeature(pool, layer, id, caseScope(c.get('principal'))) : null
      if (!row) throw new NotFoundError(`no feature '${id}' in layer '${layer}' that you may see`)
      const feature = c.body(featureJson(row), 200, { 'Content-Type': 'application/json' })
      return feature as unknown as TypedResponse<never, 200, 'json'>
    },
  )
  return app
}
