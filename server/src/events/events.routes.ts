import { createRoute } from '@hono/zod-openapi'
import { EventsPageSchema, EventsQuerySchema, type EventsPage } from '@citygrid/shared'
import type pg from 'pg'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { readEventsAfter } from '../realtime/outbox.ts'

export function eventsRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Committed events after id `since`, in order, for catch-up; page on with the returned lastId',
      request: { query: EventsQuerySchema },
      responses: { 200: jsonResponse('Events', EventsPageSchema), ...errorResponses },
    }),
    async (c) => {
      const { since, limit } = c.req.valid('query')
      const events = await readEventsAfter(pool, since, limit)
      const body: EventsPage = { events, lastId: events.at(-1)?.id ?? since }
      return c.json(body, 200)
    },
  )
  return app
}
