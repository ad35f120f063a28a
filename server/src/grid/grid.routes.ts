import { createRoute } from '@hono/zod-openapi'
import { GridCellCollectionSchema, GridQuerySchema, MAX_GRID_CELLS } from '@citygrid/shared'
import type pg from 'pg'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { gridCellsIn } from './grid.repository.ts'

export function gridRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      // Whoever sees the map sees its grid: the cells are drawn on it close up.
      middleware: [requireRole(...VIEWERS)],
      summary: 'The unit-grid cells (万米单元网格) meeting a bbox, with their codes and the nearest named street or town',
      description: `At most ${MAX_GRID_CELLS} cells, in code order; \`truncated\` is true when the bbox holds more.`,
      request: { query: GridQuerySchema },
      responses: { 200: jsonResponse('GeoJSON FeatureCollection of Polygons', GridCellCollectionSchema), ...errorResponses },
    }),
    async (c) => c.json(await gridCellsIn(pool, c.req.valid('query').bbox), 200),
  )
  return app
}
