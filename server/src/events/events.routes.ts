import { createRoute } from '@hono/zod-openapi'
import { EventsPageSchema, EventsQuerySchema, type EventsPage } from '@citygrid/shared'
import type pg from 'pg'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope, eventInCaseScope } from '../auth/case-scope.ts'
import { readEventsAfter } from '../realtime/outbox.ts'

export function eventsRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Committed events after id `since`, in order, for catch-up; page on with the returned lastId',
      description:
        'A department is sent only the events about its own cases (as on the socket), so a page may hold fewer than `limit` ' +
        'events, or none, while `lastId` still moves on: page until `lastId` stops changing.',
      request: { query: EventsQuerySchema },
      responses: { 200: jsonResponse('Events', EventsPageSchema), ...errorResponses },
    }),
    async (c) => {
      const { since, limit } = c.req.valid('query')
      const scope = caseScope(c.get('principal'))
      const read = await readEventsAfter(pool, since, limit)
      // The cursor is the last event read, shown or not, so a department's paging never stalls.
      const body: EventsPage = { events: read.filter((e) => eventInCaseScope(scope, e)), lastId: read.at(-1)?.id ?? since }
      return c.json(body, 200)
    },
  )
  return app
}
