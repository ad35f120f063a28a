import { createRoute } from '@hono/zod-openapi'
import { ErrorBodySchema, TIANDITU_LAYERS } from '@citygrid/shared'
import type { Logger } from 'pino'
import { z } from 'zod'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { rateLimit } from '../http/rate-limit.ts'
import { newRouter } from '../http/router.ts'
import { fetchTile, TIANDITU_MAX_ZOOM, UpstreamError, type TiandituConfig } from './tianditu.ts'
import { TileCache } from './tile-cache.ts'

/** Where the web app finds the tiles (`/api/config` says it); MapLibre fills in z, x and y, the page the layer. */
export const TIANDITU_TILES_PATH = '/api/public/basemap/tianditu/{layer}/{z}/{x}/{y}'

/** Tiles change rarely: browsers and proxies keep them a day. Errors are never cached. */
const TILE_CACHE = 'public, max-age=86400'

const TileParams = z.object({
  layer: z.enum(TIANDITU_LAYERS),
  z: z.coerce.number().int().min(0).max(TIANDITU_MAX_ZOOM),
  x: z.coerce.number().int().nonnegative(),
  y: z.coerce.number().int().nonnegative(),
})

/**
 * Tianditu's tiles through our server, which adds the key: `/api/config` is public and so is the
 * citizens' parking map that draws these tiles, so the key must never reach a browser. Public like
 * the rest of `/api/public`, with a per-client limit of its own (a map asks for dozens of tiles at
 * once, a wall screen for hundreds). Without TIANDITU_KEY every tile is a 404.
 */
export function tiandituRoutes(config: TiandituConfig | null, trustProxy: boolean, log: Logger) {
  const app = newRouter()
  if (config) app.use('*', rateLimit({ perMinute: config.ratePerMinute, trustProxy }))
  const tiles = new TileCache()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tianditu/{layer}/{z}/{x}/{y}',
      summary: "A Tianditu basemap tile (vec_w streets, cva_w labels; Web Mercator), fetched with the server's key",
      request: { params: TileParams },
      responses: {
        200: { description: 'The tile image, as Tianditu sent it' },
        429: jsonResponse('Too many tiles from this client; see Retry-After', ErrorBodySchema),
        502: jsonResponse('Tianditu did not answer with a tile', ErrorBodySchema),
        ...errorResponses,
      },
    }),
    async (c) => {
      const tile = c.req.valid('param')
      const side = 2 ** tile.z
      const outside = (['x', 'y'] as const).filter((k) => tile[k] >= side)
      if (outside.length) {
        throw new ValidationError(outside.map((k) => ({ field: `param.${k}`, reason: `must be below ${side} at zoom ${tile.z}` })))
      }
      if (!config) throw new NotFoundError('no Tianditu basemap is configured (TIANDITU_KEY)')
      try {
        const key = `${tile.layer}/${tile.z}/${tile.x}/${tile.y}`
        const cached = tiles.get(key)
        const { bytes, contentType } = cached ?? (await fetchTile(config, tile))
        if (!cached) tiles.set(key, { bytes, contentType })
        return c.body(bytes, 200, { 'Content-Type': contentType, 'Cache-Control': TILE_CACHE })
      } catch (err) {
        // The tile and what went wrong; never the upstream URL, which carries the key.
        if (err instanceof UpstreamError) log.warn({ tile }, err.message)
        throw err
      }
    },
  )
  return app
}
