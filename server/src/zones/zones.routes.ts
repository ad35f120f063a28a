import { createRoute } from '@hono/zod-openapi'
import {
  ZoneCollectionSchema,
  ZoneCoverageSchema,
  ZoneImportQuerySchema,
  ZoneImportReportSchema,
  ZoneInputSchema,
  ZoneSchema,
  ZoneStatsQuerySchema,
  ZoneStatsSchema,
  ZoneUpdateSchema,
  ZONE_EDITORS,
  ErrorBodySchema,
  type Zone,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { currentUser, requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { findZone, listZones } from './zones.repository.ts'
import { createZone, importZones, removeZone, saveZone } from './zones.service.ts'
import { ZoneCollection } from './zones.collection.ts'
import { sendPrepared } from '../http/compression.ts'
import { zoneCoverage, zoneStats } from './zones.stats.ts'


const DAY = 86_400_000
const IdParam = z.object({ id: z.coerce.number().int().positive() })
const DeleteQuery = z.object({ version: z.coerce.number().int().positive().optional() })
const conflict = { 409: jsonResponse('Stale version: someone else saved first (`currentVersion`)', ErrorBodySchema) }

/** Export: what an import takes back (measures and overlaps are worked out again on import). */
function exportFeature(z: Zone) {
  const { name, team, color, schedule, notes, version } = z.properties
  return { type: 'Feature' as const, id: z.id, geometry: z.geometry, properties: { name, team, color, schedule, notes, version } }
}

export function zonesRoutes(pool: pg.Pool) {
  const app = newRouter()
  const collection = new ZoneCollection(pool)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Every patrol zone as GeoJSON, with area (m², 亩), perimeter and the zones it overlaps',
      responses: {
        200: jsonResponse('Zones (with an ETag: the zones\' revision)', ZoneCollectionSchema),
        304: { description: 'Not modified: the If-None-Match revision is the current one' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { rev, body, gz } = await collection.current()
      const etag = `"zones-${rev}"`
      c.header('ETag', etag)
      c.header('Cache-Control', 'private, no-cache')
      if (c.req.header('if-none-match') === etag) return c.newResponse(null, 304)
      // Serialised by the database already: sent as it is, not parsed and stringified again.
      c.header('Content-Type', 'application/json')
      return sendPrepared(c, body, gz)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/export',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Every patrol zone as a GeoJSON file that `POST /api/zones/import` takes back',
      responses: { 200: { description: 'GeoJSON FeatureCollection (application/geo+json), as a file to save' }, ...errorResponses },
    }),
    async (c) => {
      const fc = { type: 'FeatureCollection', features: (await listZones(pool)).map(exportFeature) }
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '')
      c.header('Content-Type', 'application/geo+json; charset=utf-8')
      c.header('Content-Disposition', `attachment; filename="citygrid-zones-${day}.geojson"`)
      return c.body(JSON.stringify(fc), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/coverage',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Share of the built-up area (the unit grid) inside some zone, and the cells not fully covered',
      responses: { 200: jsonResponse('Coverage', ZoneCoverageSchema), ...errorResponses },
    }),
    async (c) => c.json(await zoneCoverage(pool), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      middleware: [requireRole(...ZONE_EDITORS)],
      summary: 'Draw a zone: geometry checked (shape, closure, range, vertices, then PostGIS validity and area), stored, pushed live',
      request: { body: { required: true, content: { 'application/json': { schema: ZoneInputSchema } } } },
      responses: { 201: jsonResponse('The stored zone, overlaps flagged', ZoneSchema), ...errorResponses },
    }),
    async (c) => c.json(await createZone(pool, c.req.valid('json'), currentUser(c).id), 201),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/import',
      middleware: [requireRole(...ZONE_EDITORS)],
      summary: 'Import a GeoJSON FeatureCollection of zones, each checked as if drawn; `mode=all` stores all or none, `valid-only` the good ones',
      request: { query: ZoneImportQuerySchema, body: { required: true, content: { 'application/json': { schema: z.unknown() } } } },
      responses: {
        200: jsonResponse('Imported (and, with valid-only, rejected) features', ZoneImportReportSchema),
        400: jsonResponse('Nothing imported: the rejected features and why', ZoneImportReportSchema.extend({ error: ErrorBodySchema.shape.error })),
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { stored, report } = await importZones(pool, c.req.valid('json'), c.req.valid('query').mode, currentUser(c).id)
      if (stored) return c.json(report, 200)
      const message = `${report.rejected.length} feature(s) rejected; nothing imported (mode=valid-only stores the others)`
      return c.json({ error: { code: 'validation_failed' as const, message }, ...report }, 400)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'One patrol zone',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Zone', ZoneSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const zone = await findZone(pool, id)
      if (!zone) throw new NotFoundError(`patrol zone ${id} does not exist`)
      return c.json(zone, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      middleware: [requireRole(...ZONE_EDITORS)],
      summary: 'Save an edited zone; `version` is the one it was edited from (409 with `currentVersion` when stale)',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ZoneUpdateSchema } } } },
      responses: { 200: jsonResponse('The stored zone', ZoneSchema), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const { version, ...input } = c.req.valid('json')
      return c.json(await saveZone(pool, c.req.valid('param').id, input, version, currentUser(c).id), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      middleware: [requireRole(...ZONE_EDITORS)],
      summary: 'Delete a zone; with `?version=`, only if unchanged since',
      request: { params: IdParam, query: DeleteQuery },
      responses: { 204: { description: 'Deleted' }, ...conflict, ...errorResponses },
    }),
    async (c) => {
      await removeZone(pool, c.req.valid('param').id, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/stats',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Inside the zone in [from, to) (default the last 30 days): cases by class and status, 按期结案率, vending, structures, sites, dust alarms',
      request: { params: IdParam, query: ZoneStatsQuerySchema },
      responses: { 200: jsonResponse('Zone stats', ZoneStatsSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const q = c.req.valid('query')
      const to = q.to ?? new Date().toISOString()
      const from = q.from ?? new Date(Date.parse(to) - 30 * DAY).toISOString()
      if (Date.parse(from) >= Date.parse(to)) {
        throw new ValidationError([{ field: 'query.from', reason: 'from must be before to' }])
      }
      if (!(await findZone(pool, id))) throw new NotFoundError(`patrol zone ${id} does not exist`)
      return c.json({ zoneId: id, from, to, ...(await zoneStats(pool, id, from, to)) }, 200)
    },
  )

  return app
}
