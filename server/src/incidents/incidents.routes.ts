import { createRoute } from '@hono/zod-openapi'
import { IncidentCreateSchema, IncidentListQuerySchema, IncidentSchema } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { NotFoundError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { findIncident, listIncidentsAfter } from './incidents.repository.ts'
import { createIncident, sourceFor } from './incidents.service.ts'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'

export function incidentsRoutes(pool: pg.Pool) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Report an incident (anonymous reports are citizen reports); stored with its event and pushed live',
      request: { body: { required: true, content: { 'application/json': { schema: IncidentCreateSchema } } } },
      responses: {
        201: jsonResponse('The stored incident', IncidentSchema),
        422: jsonResponse('Location outside the service area'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      const source = sourceFor(c.get('principal'), input.source)
      return c.json(await createIncident(pool, { ...input, source }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Incidents created after the one with id `since`, oldest first',
      request: { query: IncidentListQuerySchema },
      responses: { 200: jsonResponse('Incidents', z.array(IncidentSchema)), ...errorResponses },
    }),
    async (c) => {
      const { since, limit } = c.req.valid('query')
      return c.json(await listIncidentsAfter(pool, since, limit), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'One incident',
      request: { params: z.object({ id: z.coerce.number().int().positive() }) },
      responses: { 200: jsonResponse('The incident', IncidentSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const incident = await findIncident(pool, id)
      if (!incident) throw new NotFoundError(`incident ${id} does not exist`)
      return c.json(incident, 200)
    },
  )
  return app
}
