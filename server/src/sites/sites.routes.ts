import { createRoute } from '@hono/zod-openapi'
import { readingsRange, SiteDustQuerySchema, SiteDustSchema, SitePageSchema } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { readableLayer } from '../layers/readable-layer.ts'
import { siteDust, siteExists, sitePage } from './site-page.repository.ts'

const SiteParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 53) })

/** A construction site's page (issue #16): whoever may read the construction-sites layer may read it. */
export function sitesRoutes(pool: pg.Pool, rules: CaseRules) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'A construction site: its dust-control measures and night-work permit, its monitors (online or offline since when, newest reading), the dust rules that apply to it, its alarms and the cases its monitors raised',
      request: { params: SiteParams },
      responses: { 200: jsonResponse('Site', SitePageSchema), ...errorResponses },
    }),
    async (c) => {
      readableLayer(c, 'construction-sites')
      const { id } = c.req.valid('param')
      const page = await sitePage(pool, id, caseScope(c.get('principal')))
      if (!page) throw new NotFoundError(`no construction site ${id}`)
      return c.json(page, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/dust',
      middleware: [requireRole(...VIEWERS)],
      summary: 'A construction site\'s PM10, PM2.5 and noise in [from, to) (default: the last 24 hours) as window means of 5, 15 or 60 minutes (default 60) from local midnight — the worst of its monitors per window, usable readings only, as the dust rules see them',
      request: { params: SiteParams, query: SiteDustQuerySchema },
      responses: { 200: jsonResponse('Series', SiteDustSchema), ...errorResponses },
    }),
    async (c) => {
      readableLayer(c, 'construction-sites')
      const { id } = c.req.valid('param')
      const q = c.req.valid('query')
      const range = readingsRange(q, new Date())
      if (!range.ok) throw new ValidationError([{ field: `query.${range.field}`, reason: range.reason }])
      if (!(await siteExists(pool, id))) throw new NotFoundError(`no construction site ${id}`)
      const from = range.from.toISOString()
      const to = range.to.toISOString()
      const series = await siteDust(pool, id, { from, to, windowMinutes: q.window, timeZoneOffsetMinutes: rules.calendar.timeZoneOffsetMinutes })
      return c.json({ siteId: id, from, to, windowMinutes: q.window, series }, 200)
    },
  )
  return app
}
