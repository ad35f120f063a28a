import { API_TOKEN_PREFIX, STAFF_AND_WALL_SCREENS, type Role, type User } from '@citygrid/shared'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type pg from 'pg'
import type { Config } from '../config.ts'
import type { AppEnv } from '../http/context.ts'
import { ForbiddenError, UnauthorizedError } from '../http/errors.ts'
import { recentPrincipal } from './auth.service.ts'

export const SESSION_COOKIE = 'citygrid_session'
/** Cookies meant to last (a wall screen's sign-in, a known device): 400 days, the most browsers keep one. */
export const LONG_LIVED_COOKIE_MAX_AGE = 400 * 24 * 3600
export const DISPLAY_COOKIE = 'citygrid_display'

/** Who may call a route: staff roles, and `display` for wall screens' read-only token. */
export type Audience = Role | 'display'

/** Whether a cookie we set is `Secure`: COOKIE_SECURE, or with `auto` whether the request came over HTTPS. */
export function secureCookie(c: Context<AppEnv>, setting: Config['auth']['cookieSecure']): boolean {
  if (setting !== 'auto') return setting === 'true'
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

export function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i)
  return m?.[1]
}

/** What a personal API token may do: read. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Reads the session cookie, a personal API token (`Bearer cgp_…`) or the display token (cookie or
 * bearer) and puts the principal on the context. A request made with an API token that would change
 * something is refused (403) before any route sees it.
 */
export function authenticate(pool: pg.Pool, sessionTtlMs: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = bearer(c.req.header('authorization'))
    const apiToken = presented?.startsWith(API_TOKEN_PREFIX) ? presented : undefined
    const principal = await recentPrincipal(
      pool,
      { session: getCookie(c, SESSION_COOKIE), apiToken, display: getCookie(c, DISPLAY_COOKIE) ?? (apiToken ? undefined : presented) },
      sessionTtlMs,
    )
    if (principal?.kind === 'user' && principal.readOnly && !READS.has(c.req.method)) {
      throw new ForbiddenError(`API tokens are read-only: ${c.req.method} needs a signed-in session`)
    }
    c.set('principal', principal)
    await next()
  }
}

export function audienceOf(c: Context<AppEnv>): Audience | null {
  const p = c.get('principal')
  if (!p) return null
  return p.kind === 'user' ? p.user.role : 'display'
}

/** 401 for anonymous requests, 403 for principals outside `allowed`. */
export function requireRole(...allowed: Audience[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const who = audienceOf(c)
    if (!who) throw new UnauthorizedError('sign in first')
    if (!allowed.includes(who)) throw new ForbiddenError(`role '${who}' may not do this; allowed: ${allowed.join(', ')}`)
    await next()
  }
}

export const STAFF: Audience[] = ['admin', 'supervisor', 'operator', 'inspector', 'department']
/** Staff and wall screens: everything the read-only command-center view shows. */
export const VIEWERS: Audience[] = [...STAFF_AND_WALL_SCREENS]

/** The signed-in user (not a display), or 401. */
export function currentUser(c: Context<AppEnv>): User {
  const p = c.get('principal')
  if (p?.kind !== 'user') throw new UnauthorizedError('sign in as a user first')
  return p.user
}
