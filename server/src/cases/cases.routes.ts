import { createRoute } from '@hono/zod-openapi'
import { CaseListQuerySchema, CaseListSchema } from '@citygrid/shared'
import type pg from 'pg'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
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
    async (c) => c.json(await listCases(pool, c.req.valid('query'), caseScope(c.get('principal'))), 200),
  )
  return app
}
