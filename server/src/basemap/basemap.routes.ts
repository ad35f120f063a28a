import { createRoute } from '@hono/zod-openapi'
import type pg from 'pg'
import { jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { basemapFeatures } from './basemap.repository.ts'

export function basemapRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'The offline basemap built from citygrid data: county outline, built-up area, river, streets, towns',
      responses: { 200: jsonResponse('GeoJSON FeatureCollection') },
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=300')
      return c.json(await basemapFeatures(pool), 200)
    },
  )
  return app
}
