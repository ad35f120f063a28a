import { createRoute } from '@hono/zod-openapi'
import {
  BBoxParamSchema,
  ErrorBodySchema,
  NearestLotsSchema,
  NearestQuerySchema,
  ParkingFeedSchema,
  PublicLotCollectionSchema,
  PUBLIC_PARKING_MAX_AGE_S,
} from '@citygrid/shared'
import type { MiddlewareHandler } from 'hono'
import type pg from 'pg'
import { z } from 'zod'
import type { Config } from '../config.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { jsonWithETag } from '../http/json-etag.ts'
import { rateLimit } from '../http/rate-limit.ts'
import { newRouter } from '../http/router.ts'
import { lotCollection, nearestOpenLots, parkingFeed } from './public-parking.service.ts'

const LotsQuery = z.object({ bbox: BBoxParamSchema.optional() })

const publicResponses = {
  ...errorResponses,
  429: jsonResponse('Too many requests from this client; see Retry-After', ErrorBodySchema),
}

/**
 * Live counts: shared caches may keep an answer briefly; errors (429 included) are never cached.
 * Set on the answer's own headers: Hono's `c.header` on a finished answer rebuilds it as a full fetch
 * Response (a quarter of the nearest-lot search's CPU, issue #14).
 */
const shortCache: MiddlewareHandler = async (c, next) => {
  await next()
  if (c.res.status === 200 || c.res.status === 304) c.res.headers.set('Cache-Control', `public, max-age=${PUBLIC_PARKING_MAX_AGE_S}`)
}

/** Public parking for citizens: no login, rate limited per client, only public lots and public fields. */
export function publicParkingRoutes(pool: pg.Pool, config: Readonly<Config>['publicApi']) {
  const app = newRouter()
  app.use('*', rateLimit({ perMinute: config.ratePerMinute, trustProxy: config.trustProxy }))
  app.use('*', shortCache)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/lots',
      summary: 'Public parking lots (optionally in a bbox) as GeoJSON points with live counts, state and availability',
      request: { query: LotsQuery },
      responses: { 200: jsonResponse('Lots', PublicLotCollectionSchema), ...publicResponses },
    }),
    async (c) => jsonWithETag(c, await lotCollection(pool, c.req.valid('query').bbox)),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/feed',
      summary: 'Every public lot in the ParkAPI style: {last_updated, lots: [{id, name, coords, total, free, state, last_updated}]}',
      responses: { 200: jsonResponse('Feed', ParkingFeedSchema), ...publicResponses },
    }),
    async (c) => jsonWithETag(c, await parkingFeed(pool)),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/nearest',
      summary: 'The nearest public lots that are open and have free spaces, with distanceM (metres on the sphere)',
      request: { query: NearestQuerySchema },
      responses: { 200: jsonResponse('Lots, nearest first', NearestLotsSchema), ...publicResponses },
    }),
    async (c) => {
      const { lng, lat, limit } = c.req.valid('query')
      return jsonWithETag(c, { lots: await nearestOpenLots(pool, lng, lat, limit) })
    },
  )

  return app
}
