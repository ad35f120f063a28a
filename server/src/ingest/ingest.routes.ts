import { timingSafeEqual } from 'node:crypto'
import { createRoute } from '@hono/zod-openapi'
import { DustIngestSchema, IngestResultSchema, ParkingIngestSchema } from '@citygrid/shared'
import type { MiddlewareHandler } from 'hono'
import type pg from 'pg'
import { UnauthorizedError } from '../http/errors.ts'
import { bearer } from '../auth/auth.middleware.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { ingestParking, ingestReadings } from './ingest.service.ts'
import type { CaseRules } from '../cases/cases.service.ts'

/** Devices and gateways authenticate with `Authorization: Bearer <INGEST_TOKEN>`. */
function deviceToken(token: string | null): MiddlewareHandler {
  const expected = token ? Buffer.from(token) : null
  return async (c, next) => {
    if (!expected) throw new UnauthorizedError('ingest is disabled: set INGEST_TOKEN')
    const given = Buffer.from(bearer(c.req.header('authorization')) ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedError('a valid device token is required (Authorization: Bearer …)')
    }
    await next()
  }
}

const ingestResponses = {
  200: jsonResponse('What was applied, what was already known, what was rejected and why', IngestResultSchema),
  401: jsonResponse('Missing or wrong device token'),
  ...errorResponses,
}

export function ingestRoutes(pool: pg.Pool, token: string | null, rules: CaseRules) {
  const app = newRouter()
  app.use('*', deviceToken(token))

  app.openapi(
    createRoute({
      method: 'post',
      path: '/parking',
      summary: 'Parking: space status changes (vendor codes normalised) and/or barrier garages\' lot counts, with device time',
      request: { body: { required: true, content: { 'application/json': { schema: ParkingIngestSchema } } } },
      responses: ingestResponses,
    }),
    async (c) => c.json(await ingestParking(pool, c.req.valid('json')), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/dust',
      summary: 'Dust monitor readings (PM10, PM2.5, optional TSP and noise)',
      request: { body: { required: true, content: { 'application/json': { schema: DustIngestSchema } } } },
      responses: ingestResponses,
    }),
    async (c) => c.json(await ingestReadings(pool, rules, c.req.valid('json').readings), 200),
  )
  return app
}
