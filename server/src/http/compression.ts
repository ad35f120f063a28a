import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Context } from 'hono'

const gzipAny = promisify(zlib.gzip)
/** Gzip in libuv's thread pool; zlib's output is backed by a plain ArrayBuffer, as Hono's body wants. */
export const gzip = (body: Buffer, options: zlib.ZlibOptions = {}) => gzipAny(body, options) as Promise<Buffer<ArrayBuffer>>

/**
 * Send `body`, or `gz` (the same, gzipped ahead of time) to a client that accepts gzip. Bodies that are
 * sent many times are compressed once, when they are made, never per request.
 */
export function sendPrepared(c: Context, body: Buffer<ArrayBuffer>, gz: Buffer<ArrayBuffer> | null): Response {
  if (!gz) return c.body(body)
  c.header('Vary', 'Accept-Encoding')
  if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(body)
  c.header('Content-Encoding', 'gzip')
  return c.body(gz)
}
