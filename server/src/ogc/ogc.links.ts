import type { Context } from 'hono'
import type { AppEnv } from '../http/context.ts'
import type { Link } from './ogc.schemas.ts'

/** The absolute URL of the OGC API root (`…/ogc`) as the caller reached it. */
export function ogcRoot(c: Context<AppEnv>): string {
  return `${new URL(c.req.url).origin}/ogc`
}

export function link(href: string, rel: string, type?: string, title?: string): Link {
  return { href, rel, ...(type ? { type } : {}), ...(title ? { title } : {}) }
}

/** The request's own URL, with its query parameters replaced by `params` (undefined: left out). */
export function withQuery(c: Context<AppEnv>, params: Record<string, string | number | undefined>): string {
  const url = new URL(c.req.url)
  url.search = ''
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v))
  return url.toString()
}

/**
 * The `cursor` of a next link: the keyset `after` of `/api/layers/{id}/features` (the last id of the
 * page), base64url-encoded so that clients treat it as opaque.
 */
export function encodeCursor(after: string): string {
  return Buffer.from(after, 'utf8').toString('base64url')
}

/** The `after` a cursor carries, or null when it is not one `encodeCursor` wrote. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(cursor)) return null
  const after = Buffer.from(cursor, 'base64url').toString('utf8')
  return after.length > 0 && encodeCursor(after) === cursor ? after : null
}
