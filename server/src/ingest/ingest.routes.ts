import { createRoute } from '@hono/zod-openapi'
import { DustIngestSchema, IngestResultSchema, ParkingIngestSchema } from '@citygrid/shared'
import type { MiddlewareHandler } from 'hono'
import type pg from 'pg'
import { UnauthorizedError } from '../http/errors.ts'
import { bearer } from '../auth/auth.middleware.ts'
import { sameSecret } from '../auth/secrets.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import type { PlatformMetrics } from '../http/metrics.ts'
import { newRouter } from '../http/router.ts'
import { ingestParking, ingestReadings } from './ingest.service.ts'
import type { CaseRules } from '../cases/case-change.ts'
import type { ReadingRetention } from '../dust/partitions.ts'

/** Devices and gateways authenticate with `Authorization: Bearer <INGEST_TOKEN>`. */
function deviceToken(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (!token) throw new UnauthorizedError('ingest is disabled: set INGEST_TOKEN')
    if (!sameSecret(bearer(c.req.header('authorization')), token)) {
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

export function ingestRoutes(
  pool: pg.Pool,
  token: string | null,
  rules: CaseRules,
  dust: ReadingRetention,
  metrics: Pick<PlatformMetrics, 'ingested'>,
) {
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
    async (c) => {
      const result = await ingestParking(pool, c.req.valid('json'))
      metrics.ingested('parking', result)
      return c.json(result, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/dust',
      summary: 'Dust monitor readings (PM10, PM2.5, optional TSP and noise)',
      request: { body: { required: true, content: { 'application/json': { schema: DustIngestSchema } } } },
      responses: ingestResponses,
    }),
    async (c) => {
      const result = await ingestReadings(pool, rules, dust, c.req.valid('json').readings)
      metrics.ingested('dust', result)
      return c.json(result, 200)
    },
  )
  return app
}
