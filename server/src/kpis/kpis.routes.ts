import { createRoute } from '@hono/zod-openapi'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { computeKpis } from './kpis.repository.ts'

const DAY = 86_400_000

const KpiQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  by: z.enum(['department', 'grid']).default('department'),
})

export function kpisRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: '结案率, 按期结案率, 返工率, 延期率 and disposal time p50/p90 for cases dispatched in [from, to), per department or grid cell',
      request: { query: KpiQuerySchema },
      responses: { 200: jsonResponse('One row per department or cell, then the total (key null)'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const to = q.to ? new Date(q.to) : new Date()
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY)
      if (from >= to) throw new ValidationError([{ field: 'query.from', reason: 'from must be before to' }])
      return c.json(await computeKpis(pool, from.toISOString(), to.toISOString(), q.by), 200)
    },
  )
  return app
}
