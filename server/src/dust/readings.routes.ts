import { createRoute } from '@hono/zod-openapi'
import { DustReadingsQuerySchema, DustReadingsSchema, readingsRange } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { readableLayer } from '../layers/readable-layer.ts'
import { sensorReadings } from './readings.repository.ts'

/** A dust sensor's stored readings (issue #16): whoever may read the dust-sensors layer may read them. */
export function dustReadingsRoutes(pool: pg.Pool) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sensors/{id}/readings',
      middleware: [requireRole(...VIEWERS)],
      summary: 'A dust sensor\'s stored readings in [from, to) by device time (default: the last 24 hours), every kind unless `kind` is given, each value with its data flag and whether it is usable',
      description: 'At most 10,000 readings, oldest first; when `truncated`, ask again from the last reading\'s `at`. A range is at most 31 days.',
      request: { params: z.object({ id: z.string().min(1).max(64) }), query: DustReadingsQuerySchema },
      responses: { 200: jsonResponse('Readings', DustReadingsSchema), ...errorResponses },
    }),
    async (c) => {
      readableLayer(c, 'dust-sensors')
      const { id } = c.req.valid('param')
      const q = c.req.valid('query')
      const range = readingsRange(q, new Date())
      if (!range.ok) throw new ValidationError([{ field: `query.${range.field}`, reason: range.reason }])
      const { from, to } = range
      const found = await sensorReadings(pool, id, { from: from.toISOString(), to: to.toISOString(), kind: q.kind ?? null })
      if (!found) throw new NotFoundError(`no dust sensor '${id}'`)
      return c.json({ sensorId: id, from: from.toISOString(), to: to.toISOString(), ...found }, 200)
    },
  )
  return app
}
