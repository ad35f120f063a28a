import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { TooManyRequestsError } from './errors.ts'

export interface RateLimitOptions {
  /** Sustained requests per minute per client; also the burst a quiet client may spend at once. */
  perMinute: number
  /** Key clients by the first X-Forwarded-For address (only behind a proxy that sets it). */
  trustProxy: boolean
  now?: () => number
}

/** Buckets idle long enough to be full again are dropped when the map grows past this. */
const PRUNE_AT = 10_000

/**
 * The client a request counts against: the socket's remote address. X-Forwarded-For is a header
 * any client can write, so it is used only when the operator says a proxy sets it — and then its last
 * entry, the one the proxy in front of us appended: the entries before it came from the client and
 * may say anything (a proxy that appends keeps what the client sent).
 */
export function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // app.request() in tests has no socket
  }
}

/**
 * An in-memory token bucket per client and server process: each request takes a token, tokens come
 * back at `perMinute` a minute. Beyond that: 429 with Retry-After (seconds until a token is back).
 * Per process on purpose: the public API is read-only and cheap, and a shared store would be one more
 * service to run; with N processes a client gets N times the rate, which is fine for this purpose.
 */
export function rateLimit({ perMinute, trustProxy, now = Date.now }: RateLimitOptions): MiddlewareHandler {
  const perMs = perMinute / 60_000
  const buckets = new Map<string, { tokens: number; at: number }>()
  return async (c, next) => {
    const t = now()
    const key = clientKey(c, trustProxy)
    if (buckets.size >= PRUNE_AT) {
      for (const [k, b] of buckets) if (b.tokens + (t - b.at) * perMs >= perMinute) buckets.delete(k)
    }
    const b = buckets.get(key) ?? { tokens: perMinute, at: t }
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs)
    b.at = t
    buckets.set(key, b)
    if (b.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000))
      throw new TooManyRequestsError(`more than ${perMinute} requests a minute; try again in ${retryAfter} s`, retryAfter)
    }
    b.tokens -= 1
    await next()
  }
}
