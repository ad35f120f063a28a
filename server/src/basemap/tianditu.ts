import type { TiandituLayer } from '@citygrid/shared'
import type { Config } from '../config.ts'
import { AppError } from '../http/errors.ts'

export type TiandituConfig = NonNullable<Config['tianditu']>

/** The deepest zoom Tianditu's Web-Mercator matrix set serves (and the map asks for). */
export const TIANDITU_MAX_ZOOM = 18
/** A tile is tens of kilobytes; anything far larger is not one. */
const MAX_TILE_BYTES = 2 * 1024 * 1024
const SUBDOMAINS = 8

export interface TileAddress {
  layer: TiandituLayer
  z: number
  x: number
  y: number
}

/** The tile server did not give us a tile: 502, whatever it did instead (never a 500, never its URL). */
export class UpstreamError extends AppError {
  constructor(reason: string) {
    super(502, 'upstream_unavailable', `the Tianditu tile server ${reason}; the map shows the tile once it answers again`)
  }
}

/**
 * The upstream URL of one tile, key included: only ever fetched, never answered or logged. The
 * subdomain follows the tile, so each tile always comes from the same one (caches stay warm).
 */
export function upstreamUrl(template: string, key: string, { layer, z, x, y }: TileAddress): string {
  const values: Record<string, string> = {
    s: String((x + y) % SUBDOMAINS),
    layer,
    type: layer.replace(/_w$/, ''),
    z: String(z),
    x: String(x),
    y: String(y),
    key: encodeURIComponent(key),
  }
  return template.replace(/\{(s|layer|type|z|x|y|key)\}/g, (_, name: string) => values[name]!)
}

export interface Tile {
  bytes: ArrayBuffer
  contentType: string
}

/**
 * Fetch one tile from Tianditu with the key added here. Anything but an image in time — refused,
 * unreachable, slow, an error page, an XML "key invalid" — is an `UpstreamError` whose message names
 * what happened and nothing of the request.
 */
export async function fetchTile(config: TiandituConfig, tile: TileAddress): Promise<Tile> {
  let res: Response
  try {
    res = await fetch(upstreamUrl(config.upstream, config.key, tile), { signal: AbortSignal.timeout(config.timeoutMs) })
  } catch (err) {
    const name = (err as { name?: unknown }).name
    if (name === 'TimeoutError' || name === 'AbortError') throw new UpstreamError(`did not answer within ${config.timeoutMs / 1000} s`)
    const code = (err as { cause?: { code?: unknown } }).cause?.code
    throw new UpstreamError(`could not be reached${typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : ''}`)
  }
  try {
    if (!res.ok) throw new UpstreamError(`answered ${res.status}`)
    const contentType = res.headers.get('content-type') ?? ''
    if (!/^image\/[a-z0-9.+-]+$/i.test(contentType.split(';')[0]!.trim())) {
      throw new UpstreamError(`answered ${contentType.split(';')[0] || 'something without a type'} instead of an image`)
    }
    if (Number(res.headers.get('content-length') ?? 0) > MAX_TILE_BYTES) throw new UpstreamError('answered with more than a tile')
    const bytes = await res.arrayBuffer()
    if (bytes.byteLength > MAX_TILE_BYTES) throw new UpstreamError('answered with more than a tile')
    return { bytes, contentType: contentType.split(';')[0]!.trim() }
  } catch (err) {
    await res.body?.cancel().catch(() => undefined)
    if (err instanceof UpstreamError) throw err
    const name = (err as { name?: unknown }).name
    throw new UpstreamError(name === 'TimeoutError' || name === 'AbortError' ? `did not finish within ${config.timeoutMs / 1000} s` : 'broke off its answer')
  }
}
