import { createRoute } from '@hono/zod-openapi'
import { ClientConfigSchema, HealthSchema, ReadinessSchema, type ClientConfig, type Health, type Readiness } from '@citygrid/shared'
import type pg from 'pg'
import type { Config } from '../config.ts'
import type { DatabaseMode } from '../db/backend.ts'
import { appliedMigrations } from '../db/migrate.ts'
import { jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { serviceArea } from '../basemap/basemap.repository.ts'
import { RETRY_AFTER_SECONDS, type DatabaseAvailability } from '../db/availability.ts'
import { databaseFault } from '../db/faults.ts'

export function healthRoutes(pool: pg.Pool, mode: DatabaseMode, config: Readonly<Config>, availability: DatabaseAvailability) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Database mode, PostgreSQL and PostGIS versions, migrations applied',
      responses: { 200: jsonResponse('Health', HealthSchema) },
    }),
    async (c) => {
      // Asked each time, so the answer is about now; a database fault is the answer, not an error.
      const facts = await Promise.all([
        pool.query<{ postgres: string; postgis: string }>(
          `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`,
        ),
        appliedMigrations(pool),
      ]).catch((err: unknown) => {
        if (!databaseFault(err)) throw err
        availability.report(err)
        return null
      })
      const outage = availability.current()
      const body: Health = facts
        ? { status: 'ok', database: { mode, reachable: true, ...facts[0].rows[0]! }, migrations: facts[1], demo: config.demo.enabled }
        : {
            status: 'database_unreachable',
            database: { mode, reachable: false, ...(outage ? { outage } : {}) },
            migrations: [],
            demo: config.demo.enabled,
          }
      return c.json(body, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health/ready',
      summary: 'For load balancers: 200 when this process can serve (its database answers), else 503 with Retry-After',
      responses: {
        200: jsonResponse('Ready', ReadinessSchema),
        503: jsonResponse('Not ready: the database does not answer', ReadinessSchema),
      },
    }),
    async (c) => {
      if (await availability.check()) return c.json({ ready: true } satisfies Readiness, 200)
      c.header('Retry-After', String(RETRY_AFTER_SECONDS))
      const reason = `database unreachable: ${availability.current()?.reason ?? 'no answer'}`
      return c.json({ ready: false, reason } satisfies Readiness, 503)
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
