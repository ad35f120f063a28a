import { createRoute } from '@hono/zod-openapi'
import { AreaQuerySchema, DustAlarmSchema } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { readableLayer } from '../layers/readable-layer.ts'
import { resolveArea } from '../towns/area.ts'
import { activeAlarms } from './alarms.repository.ts'

/**
 * `/api/dust/alarms`: the sites' active dust alarms, which the wall lists (alarms, not the cases they
 * open: an alarm clears by itself, a case only through the workflow). They are the construction-sites
 * layer's (its `dust.alarm` events), so only its readers see them.
 */
export function dustAlarmsRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alarms',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Active dust alarms, the newest first; with `town` or `bbox`, of the sites inside',
      request: { query: AreaQuerySchema },
      responses: { 200: jsonResponse('Alarms', z.array(DustAlarmSchema)), ...errorResponses },
    }),
    async (c) => {
      readableLayer(c, 'construction-sites')
      return c.json(await activeAlarms(pool, await resolveArea(pool, c.req.valid('query'))), 200)
    },
  )
  return app
}
