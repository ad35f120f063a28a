import { createRoute } from '@hono/zod-openapi'
import { Hj212CountersSchema, Hj212DeviceCreateSchema, Hj212DeviceSchema, type Hj212Counters } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole } from '../auth/auth.middleware.ts'
import { ConflictError, ValidationError } from '../http/errors.ts'
import type { PlatformMetrics } from '../http/metrics.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { devicePasswordHash, insertDevice, listDevices } from './devices.repository.ts'

const adminOnly = [requireRole('admin')]

/**
 * HJ 212 dust monitors: admins register each device (MN, password) for a dust sensor, and read what
 * this process's listener counted (the counters behind `/metrics`, not a tally of their own).
 */
export function hj212DevicesRoutes(pool: pg.Pool, metrics: Pick<PlatformMetrics, 'hj212Counts' | 'since'>) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/devices',
      middleware: adminOnly,
      summary: 'HJ 212 devices registered, by MN (passwords are never shown)',
      responses: { 200: jsonResponse('Devices', z.array(Hj212DeviceSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listDevices(pool), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/devices',
      middleware: adminOnly,
      summary: 'Register an HJ 212 device (its MN and password) for a dust sensor; packets from it are then stored as that sensor\'s readings',
      request: { body: { required: true, content: { 'application/json': { schema: Hj212DeviceCreateSchema } } } },
      responses: { 201: jsonResponse('The device', Hj212DeviceSchema), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const out = await insertDevice(pool, {
        mn: body.mn,
        passwordHash: devicePasswordHash(body.password),
        sensorCode: body.sensorId,
        tspUnit: body.units?.tsp ?? 'ug/m3',
      })
      if (out.ok) return c.json(out.device, 201)
      switch (out.why) {
        case 'unknown_sensor':
          throw new ValidationError([{ field: 'sensorId', reason: `unknown dust sensor '${body.sensorId}'` }])
        case 'mn_taken':
          throw new ConflictError(`a device with MN '${body.mn}' is already registered`, [{ field: 'mn', reason: 'already registered' }])
        case 'sensor_taken':
          throw new ConflictError(`sensor '${body.sensorId}' already has an HJ 212 device`, [{ field: 'sensorId', reason: 'already has a device' }])
      }
    },
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/counters',
      middleware: adminOnly,
      summary: 'HJ 212 packets this server process has taken or refused since it started, per outcome (citygrid_hj212_packets_total)',
      responses: { 200: jsonResponse('Counters', Hj212CountersSchema), ...errorResponses },
    }),
    async (c) => {
      const counters: Hj212Counters = { since: metrics.since.toISOString(), packets: await metrics.hj212Counts() }
      return c.json(counters, 200)
    },
  )
  return app
}
