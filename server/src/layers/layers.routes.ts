import { createRoute } from '@hono/zod-openapi'
import { FeatureQuerySchema, LayerInfoSchema } from '@citygrid/shared'
import type { TypedResponse } from 'hono'
import { z } from 'zod'
import type pg from 'pg'
import { newRouter } from '../http/router.ts'
import { audienceOf, requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { layerFeaturesJson, listLayers } from './layers.service.ts'
import { readableLayer } from './readable-layer.ts'

export function layersRoutes(pool: pg.Pool) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'The map layers the caller may read, with their titles, legends and feature counts (of the features the caller is shown)',
      responses: { 200: jsonResponse('Layers', z.array(LayerInfoSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listLayers(pool, audienceOf(c)!, caseScope(c.get('principal'))), 200),
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
  return app
}
