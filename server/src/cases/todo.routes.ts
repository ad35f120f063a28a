import { createRoute } from '@hono/zod-openapi'
import { TODO_KINDS, todoKindsOf, TodoListSchema, TodoQuerySchema, type TodoList } from '@citygrid/shared'
import type pg from 'pg'
import { currentUser, requireRole, STAFF } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { listCases } from './cases.repository.ts'

/** `/api/todo`: what waits on the signed-in user (shared TODO_KINDS), most urgent first. */
export function todoRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...STAFF)],
      summary:
        "待办: each to-do kind of the caller's role (operator: to file, dispatch, close; department: to accept, handle — " +
        'its own; inspector: to check; supervisor and admin: overdue cases to chase) with its count, how many are overdue, ' +
        'and its most urgent cases (overdue first, then the nearest deadline)',
      request: { query: TodoQuerySchema },
      responses: { 200: jsonResponse('One entry per kind, in workflow order', TodoListSchema), ...errorResponses },
    }),
    async (c) => {
      const { limit } = c.req.valid('query')
      const scope = caseScope(c.get('principal'))
      const list: TodoList = []
      for (const kind of todoKindsOf(currentUser(c).role)) {
        const { statuses, overdueOnly } = TODO_KINDS[kind]
        const filter = { statusIn: statuses, ...(overdueOnly ? { overdue: true } : {}), sort: '-reportedAt' as const, urgentFirst: true }
        const { items, total, overdue } = await listCases(pool, { ...filter, limit, offset: 0 }, scope)
        list.push({ kind, total, overdue, items })
      }
      return c.json(list, 200)
    },
  )
  return app
}
