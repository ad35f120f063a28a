import { createRoute } from '@hono/zod-openapi'
import { ClientConfigSchema, HealthSchema, ReadinessSchema, type ClientConfig, type Health, type Readiness } from '@citygrid/shared'
import type pg from 'pg'
import type { Config } from '../config.ts'
import type { DatabaseMode } from '../db/backend.ts'
import { appliedMigrations } from '../db/migrate.ts'
import { jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { serviceArea } from '../basemap/basemap.repository.ts'
import { TIANDITU_TILES_PATH } from '../basemap/tianditu.routes.ts'
import { RETRY_AFTER_SECONDS, type DatabaseAvailability } from '../db/availability.ts'
import { databaseFault } from '../db/faults.ts'

/** How long /api/health waits for the database before it answers from what it last learned. */
const HEALTH_WAIT_MS = 150

interface Facts {
  postgres: string
  postgis: string
  migrations: string[]
  /** The database did not answer within HEALTH_WAIT_MS (a long query holds it): these are the last facts read. */
  busy?: boolean
}

export function healthRoutes(pool: pg.Pool, mode: DatabaseMode, config: Readonly<Config>, availability: DatabaseAvailability) {
  const app = newRouter()

  // One reading of the facts at a time; a health check never queues behind a long query for longer
  // than HEALTH_WAIT_MS (the embedded database has one session), it says `busy` and the last facts.
  let last: Facts | null = null
  let reading: Promise<Facts> | null = null
  const read = (): Promise<Facts> => {
    reading ??= Promise.all([
      pool.query<{ postgres: string; postgis: string }>(`SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`),
      appliedMigrations(pool),
    ])
      .then(([versions, migrations]) => (last = { ...versions.rows[0]!, migrations }))
      .finally(() => {
        reading = null
      })
    return reading
  }
  const current = async (waitMs: number): Promise<Facts | null> => {
    const pending = read()
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)))
    const first = await Promise.race([pending, late]).finally(() => clearTimeout(timer))
    if (first !== 'late') return first
    pending.catch(() => undefined) // its failure, if any, reaches the next health check
    return last ? { ...last, busy: true } : pending
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Database mode, PostgreSQL and PostGIS versions, migrations applied',
      responses: { 200: jsonResponse('Health', HealthSchema) },
    }),
    async (c) => {
      // Asked each time, so the answer is about now; a database fault is the answer, not an error.
      const facts = await current(HEALTH_WAIT_MS).catch((err: unknown) => {
        if (!databaseFault(err)) throw err
        availability.report(err)
        return null
      })
      const outage = availability.current()
      const body: Health =
        facts && !outage
          ? {
              status: 'ok',
              database: { mode, reachable: true, postgres: facts.postgres, postgis: facts.postgis, ...(facts.busy ? { busy: true } : {}) },
              migrations: facts.migrations,
              demo: config.demo.enabled,
            }
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
      // Tianditu's key stays here: the map gets our tile route, which adds it (basemap/tianditu.routes.ts).
      const basemap: ClientConfig['basemap'] = config.basemap.kind === 'tianditu' ? { kind: 'tianditu', tiles: TIANDITU_TILES_PATH } : config.basemap
      const body: ClientConfig = { basemap, serviceArea: await serviceArea(pool) }
      return c.json(body, 200)
    },
  )
  return app
}
