import { createRoute } from '@hono/zod-openapi'
import { DustAlarmSchema } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { assertInCaseScope } from '../auth/case-scope.ts'
import { findCase } from '../cases/cases.repository.ts'
import { NotFoundError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { alarmsOfCase } from './alarms.repository.ts'

const IdParam = z.object({ id: z.coerce.number().int().positive() })

/** `/api/cases/{id}/alarms`: the dust alarms a 0302 case was opened for or took while open. */
export function caseAlarmsRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/alarms',
      middleware: [requireRole(...VIEWERS)],
      summary: 'The dust alarms attached to a case (each site and rule that tripped while it was open), oldest first',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Alarms', z.array(DustAlarmSchema)), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const summary = await findCase(pool, id)
      if (!summary) throw new NotFoundError(`case ${id} does not exist`)
      assertInCaseScope(c.get('principal'), summary)
      return c.json(await alarmsOfCase(pool, id), 200)
    },
  )
  return app
}
