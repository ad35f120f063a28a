import type { Context } from 'hono'
import type { AppEnv } from '../http/context.ts'
import type { Link } from './ogc.schemas.ts'

/**
 * The absolute URLs of the OGC API's links. Behind a proxy that terminates TLS (or serves the app under
 * a path) the request URL is not what clients reach: then EXTERNAL_URL (`externalUrl`, no trailing
 * slash) is the base of every link; without it, the request URL's origin is.
 */
export interface OgcUrls {
  /** The OGC API root (`…/ogc`). */
  root(c: Context<AppEnv>): string
  /** This request's URL as the client reached it, its query replaced by `params` (undefined: left out) when given. */
  here(c: Context<AppEnv>, params?: Record<string, string | number | undefined>): string
}

export function ogcUrls(externalUrl: string | null): OgcUrls {
  const base = (c: Context<AppEnv>) => externalUrl ?? new URL(c.req.url).origin
  return {
    root: (c) => `${base(c)}/ogc`,
    here(c, params) {
      const url = new URL(c.req.url)
      if (params) {
        url.search = ''
        for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v))
      }
      return `${base(c)}${url.pathname}${url.search}`
    },
  }
}

export function link(href: string, rel: string, type?: string, title?: string): Link {
  return { href, rel, ...(type ? { type } : {}), ...(title ? { title } : {}) }
}

/** `href` with `f` set to `format` (its other query parameters kept). */
export function withFormat(href: string, format: 'json' | 'html'): string {
  const url = new URL(href)
  url.searchParams.set('f', format)
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
