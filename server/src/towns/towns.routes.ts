import { createRoute } from '@hono/zod-openapi'
import { TownCollectionSchema } from '@citygrid/shared'
import type pg from 'pg'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { listTowns } from './towns.repository.ts'

/** The towns as areas, for the wall's per-town shading and focus (`town=` elsewhere names one of these). */
export function townsRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary:
        'The towns (乡镇) as GeoJSON MultiPolygons with zh/en names, whether the area is approximate (derived) and its source, ' +
        'and the open and overdue cases inside each now',
      responses: { 200: jsonResponse('Towns', TownCollectionSchema), ...errorResponses },
    }),
    async (c) => c.json(await listTowns(pool), 200),
  )
  return app
}
