import { createRoute } from '@hono/zod-openapi'
import { ClientConfigSchema, HealthSchema, type ClientConfig, type Health } from '@citygrid/shared'
import type pg from 'pg'
import type { Config } from '../config.ts'
import type { DatabaseMode } from '../db/backend.ts'
import { appliedMigrations } from '../db/migrate.ts'
import { jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { serviceArea } from '../basemap/basemap.repository.ts'

export function healthRoutes(pool: pg.Pool, mode: DatabaseMode, config: Readonly<Config>) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Database mode, PostgreSQL and PostGIS versions, migrations applied',
      responses: { 200: jsonResponse('Health', HealthSchema) },
    }),
    async (c) => {
      const v = await pool.query<{ postgres: string; postgis: string }>(
        `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`,
      )
      const body: Health = {
        status: 'ok',
        database: { mode, ...v.rows[0]! },
        migrations: await appliedMigrations(pool),
        demo: config.demo.enabled,
      }
      return c.json(body, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/config',
      summary: 'What the web app needs before drawing the map: basemap and service area',
      responses: { 200: jsonResponse('Client configuration', ClientConfigSchema) },
    }),
    async (c) => {
      const body: ClientConfig = { basemap: config.basemap, serviceArea: await serviceArea(pool) }
      return c.json(body, 200)
    },
  )
  return app
}
