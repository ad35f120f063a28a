import type { MiddlewareHandler } from 'hono'
import { ForbiddenError } from './errors.ts'

/**
 * Whether a page at `origin` is one of ours: served by this host (the `Host` the request came to), or
 * listed in ALLOWED_ORIGINS (e.g. the Vite dev server). The live socket's handshake and every request
 * that changes data ask here.
 */
export function isOwnOrigin(origin: string, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes(origin)) return true
  return !!host && URL.canParse(origin) && new URL(origin).host === host
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * A browser sends our session cookie with requests that any page starts, so a foreign page's form
 * could act as the signed-in user (cancel a case). A request that may change something (any method
 * but GET, HEAD, OPTIONS), carries a cookie, and comes from a page that is not ours — by its `Origin`,
 * or by `Sec-Fetch-Site: cross-site` where a browser sends no Origin — is refused with 403 before
 * anything reads its body. Requests without cookies (devices with bearer tokens, scripts) are not a
 * browser acting for someone and are not affected; neither is a cookie request that says no origin.
 *
 * Not Hono's `csrf()`: it checks only form content types (this rule is about the cookie, whatever the
 * body), would refuse cookie-less device posts that send no Origin, and answers plain text rather than
 * the error shape.
 */
export function refuseForeignOrigin(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || !c.req.header('cookie')) return next()
    const origin = c.req.header('origin')
    const foreign =
      origin !== undefined ? !isOwnOrigin(origin, c.req.header('host'), allowedOrigins) : c.req.header('sec-fetch-site') === 'cross-site'
    if (foreign) {
      const from = origin === undefined ? 'another site' : `a page at ${origin.slice(0, 200)}`
      throw new ForbiddenError(
        `refused: this request would change data with your sign-in, but it comes from ${from}, not from this server's own pages (nor an origin in ALLOWED_ORIGINS)`,
      )
    }
    return next()
  }
}
