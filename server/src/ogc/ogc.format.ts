import type { Context } from 'hono'
import type { AppEnv } from '../http/context.ts'

export type OgcFormat = 'json' | 'html'

/** The q of the best entry of an Accept header matching `type` (`type/*` and `*\/*` too); 0 for none. */
function quality(accept: string, type: string): number {
  const [major] = type.split('/')
  let best = 0
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';').map((p) => p.trim())
    if (range !== type && range !== `${major}/*` && range !== '*/*') continue
    const q = params.find((p) => p.startsWith('q='))
    const value = q ? Number(q.slice(2)) : 1
    // An exact match outranks a wildcard of the same q (RFC 9110 §12.5.1: the more specific wins).
    const score = Number.isFinite(value) ? value + (range === type ? 0.0001 : 0) : 0
    best = Math.max(best, score)
  }
  return best
}

/**
 * The format of an answer: `f` when given (/req/core/query-param: it is a parameter of every path),
 * else HTML when the Accept header prefers text/html to JSON (a browser), else JSON (GIS clients,
 * curl's `*\/*`, no header at all).
 */
export function formatOf(c: Context<AppEnv>, f: OgcFormat | undefined): OgcFormat {
  if (f) return f
  const accept = c.req.header('accept')
  if (!accept) return 'json'
  const html = quality(accept, 'text/html')
  const json = Math.max(quality(accept, 'application/json'), quality(accept, 'application/geo+json'))
  return html > 0 && html > json ? 'html' : 'json'
}
