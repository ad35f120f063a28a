import { createRoute } from '@hono/zod-openapi'
import { CaseListQuerySchema, CaseListSchema } from '@citygrid/shared'
import type pg from 'pg'
import { audienceOf, requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { listCases } from './cases.repository.ts'

export function casesRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Cases, newest first, filtered by status, class, department, overdue, open, bbox; a department sees its own',
      request: { query: CaseListQuerySchema },
      responses: { 200: jsonResponse('A page of cases and the total', CaseListSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const p = c.get('principal')
      // A handling department works on the cases dispatched to it.
      const department = audienceOf(c) === 'department' && p?.kind === 'user' ? (p.user.department ?? undefined) : q.department
      return c.json(await listCases(pool, { ...q, department }), 200)
    },
  )
  return app
}
