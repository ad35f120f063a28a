import { createHash } from 'node:crypto'
import { COUNTY, isTile, LAYER_DEFINITIONS, MAX_TILE_ZOOM, TILE_CLUSTER_COUNT, TILE_ID_PROPERTY } from '@citygrid/shared'
import { Hono, type Context } from 'hono'
import type pg from 'pg'
import { caseScope } from '../auth/case-scope.ts'
import type { DatabaseMode } from '../db/backend.ts'
import type { AppEnv } from '../http/context.ts'
import { gzip, sendPrepared } from '../http/compression.ts'
import { ValidationError } from '../http/errors.ts'
import { noneMatchNames } from '../http/json-etag.ts'
import { layerTile } from './tiles.service.ts'
import type { TileCache } from './tile-cache.ts'
import { PUBLIC_PARKING_TILE_FIELDS, PUBLIC_PARKING_TILES, publicParkingTile } from './public-parking-tiles.ts'
import { rateLimit } from '../http/rate-limit.ts'
import type { Config } from '../config.ts'
import { LAYER_SQL } from '../layers/layers.sql.ts'
import { readableLayer } from '../layers/readable-layer.ts'
import { clusters, tileProperties } from './tiles.repository.ts'

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile'

/** The z/x/y of a tile request, or 400 naming `path`. */
function tileOf(c: Context<AppEnv>): [number, number, number] {
  const [z, x, y] = [c.req.param('z'), c.req.param('x'), c.req.param('file')!.slice(0, -'.mvt'.length)].map(Number) as [number, number, number]
  if (!isTile(z, x, y)) {
    throw new ValidationError([{ field: 'path', reason: `${z}/${x}/${y} is not a tile: zoom 0–${MAX_TILE_ZOOM}, x and y below 2^zoom` }])
  }
  return [z, x, y]
}


/**
 * Mapbox Vector Tiles of every registry layer (`/tiles/{layer}/{z}/{x}/{y}.mvt`), for the same readers
 * as its GeoJSON, and of the public parking lots (`/tiles/public-parking/…`, for anyone), and their TileJSON 3.0 (`/tiles/{layer}.json`). Tiles are kept in the process
 * (`cache`, X-Cache: hit or miss) until a change drops them; a browser revalidates every tile
 * (no-cache) against its ETag, so a refetch is cheap and never stale.
 */
export function tilesRoutes(pool: pg.Pool, mode: DatabaseMode, cache: TileCache, publicApi: Readonly<Config>['publicApi']) {
  const app = new Hono<AppEnv>()
  const tileJson = (c: Context<AppEnv>, id: string, title: { zh: string; en: string }, fields: Record<string, string>) =>
    c.json({
      tilejson: '3.0.0',
      name: title.zh,
      description: title.en,
      scheme: 'xyz',
      tiles: [`${new URL(c.req.url).origin}/tiles/${id}/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: MAX_TILE_ZOOM,
      bounds: [...COUNTY.bbox],
      vector_layers: [{ id, fields }],
    })

  // Citizens' parking lots: for anyone, within the public API's per-client limit.
  const publicLimit = rateLimit({ perMinute: publicApi.ratePerMinute, trustProxy: publicApi.trustProxy })
  app.get(`/${PUBLIC_PARKING_TILES}.json`, publicLimit, (c) =>
    tileJson(c, PUBLIC_PARKING_TILES, { zh: '公共停车场', en: 'Public parking' }, PUBLIC_PARKING_TILE_FIELDS),
  )
  app.get(`/${PUBLIC_PARKING_TILES}/:z{[0-9]+}/:x{[0-9]+}/:file{[0-9]+\\.mvt}`, publicLimit, async (c) => {
    const [z, x, y] = tileOf(c)
    const body = Buffer.from(await publicParkingTile(pool, z, x, y)) as Buffer<ArrayBuffer>
    c.header('Content-Type', MVT_TYPE)
    c.header('Cache-Control', 'no-cache')
    return sendPrepared(c, body, body.length >= 1024 ? await gzip(body) : null)
  })

  app.get('/:file{[a-z-]+\\.json}', (c) => {
    const layer = readableLayer(c, c.req.param('file').slice(0, -'.json'.length))
    const { legend, idAsProperty } = tileProperties(layer)
    // Up to TILE_CLUSTER_MAX_ZOOM a point layer's tiles hold clusters, with a count instead of an id.
    return tileJson(c, layer, LAYER_DEFINITIONS[layer].title, {
      [legend]: 'String',
      ...(idAsProperty ? { [TILE_ID_PROPERTY]: 'String' } : {}),
      ...(clusters(layer) ? { [TILE_CLUSTER_COUNT]: 'Number' } : {}),
    })
  })

  app.get('/:layer/:z{[0-9]+}/:x{[0-9]+}/:file{[0-9]+\\.mvt}', async (c) => {
    const layer = readableLayer(c, c.req.param('layer'))
    const [z, x, y] = tileOf(c)
    const scope = caseScope(c.get('principal'))
    const scopeKey = LAYER_SQL[layer].caseScoped ? JSON.stringify(scope) : ''
    // Gzipped only for a client that takes it (a tile kept without it is gzipped for such a client as sent).
    const gzipped = async (body: Buffer<ArrayBuffer>) => (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '') && body.length >= 1024 ? await gzip(body) : null)
    let tile = cache.get(layer, z, x, y, scopeKey)
    c.header('X-Cache', tile ? 'hit' : 'miss')
    if (!tile) {
      const started = cache.begin(layer, z, x, y)
      try {
        const body = Buffer.from(await layerTile(pool, mode, layer, z, x, y, scope)) as Buffer<ArrayBuffer>
        tile = { body, gz: await gzipped(body), etag: `"${createHash('sha1').update(body).digest('base64url')}"` }
      } catch (err) {
        cache.abandon(layer, z, x, y)
        throw err
      }
      cache.keep(layer, z, x, y, scopeKey, tile, started)
    }
    c.header('Content-Type', MVT_TYPE)
    c.header('Cache-Control', 'no-cache')
    c.header('ETag', tile.etag)
    if (noneMatchNames(c.req.header('if-none-match'), tile.etag)) return c.body(null, 304)
    return sendPrepared(c, tile.body, tile.gz ?? (await gzipped(tile.body)))
  })
  return app
}
