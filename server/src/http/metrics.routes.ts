import { Hono } from 'hono'
import type pg from 'pg'
import type { Config } from '../config.ts'
import type { AppEnv } from './context.ts'
import { authenticate, bearer, requireRole, STAFF } from '../auth/auth.middleware.ts'
import { sameSecret } from '../auth/secrets.ts'
import type { PlatformMetrics } from './metrics.ts'

/**
 * `GET /metrics` in Prometheus' text format, for a scraper with `Authorization: Bearer <METRICS_TOKEN>`
 * or a signed-in staff member. The token is checked first, so a scrape needs no database.
 */
export function metricsRoute(pool: pg.Pool, metrics: PlatformMetrics, config: Readonly<Config>) {
  const app = new Hono<AppEnv>()
  const staffOnly = requireRole(...STAFF)
  const session = authenticate(pool, config.auth.sessionTtlMs)
  app.get('/', async (c, next) => {
    const token = config.metricsToken
    if (token && sameSecret(bearer(c.req.header('authorization')), token)) return await next()
    await session(c, async () => {
      await staffOnly(c, next)
    })
  }, async (c) => {
    c.header('Content-Type', metrics.registry.contentType)
    return c.body(await metrics.registry.metrics(), 200)
  })
  return app
}
