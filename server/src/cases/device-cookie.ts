import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { Config } from '../config.ts'
import type { AppEnv } from '../http/context.ts'
import { clientKey } from '../http/rate-limit.ts'
import { LONG_LIVED_COOKIE_MAX_AGE, secureCookie } from '../auth/auth.middleware.ts'
import { newToken } from '../auth/secrets.ts'
import type { AnonymousReporter } from './anonymous-reports.ts'

/**
 * A random id for the device a citizen reports from, in an httpOnly cookie given with its first report:
 * anonymous reports are counted per device as well as per address. Not signed: it is 256 random bits
 * that only its browser holds, so one cannot use up another's reports; a client that drops or changes
 * it is still counted by its address.
 */
export const DEVICE_COOKIE = 'citygrid_device'
const DEVICE_ID = /^[A-Za-z0-9_-]{43}$/

export interface DeviceCookieOptions {
  /** TRUST_PROXY: the client address is the first X-Forwarded-For one. */
  trustProxy: boolean
  cookieSecure: Config['auth']['cookieSecure']
}

/** The anonymous reporter of a request: its address (as the rate limits see it) and its device id, or a new one. */
export function reporterOf(c: Context<AppEnv>, opts: DeviceCookieOptions): AnonymousReporter {
  const sent = getCookie(c, DEVICE_COOKIE)
  const known = sent !== undefined && DEVICE_ID.test(sent)
  return { address: clientKey(c, opts.trustProxy), device: { id: known ? sent : newToken(), sent: known } }
}

/** Give a new device id to the browser that reported without one (after the report is stored). */
export function rememberDevice(c: Context<AppEnv>, reporter: AnonymousReporter, opts: DeviceCookieOptions): void {
  if (reporter.device.sent) return
  setCookie(c, DEVICE_COOKIE, reporter.device.id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookie(c, opts.cookieSecure),
    // Sent with reports to /api/cases and to its old name /api/incidents: /api is the narrowest path that covers both.
    path: '/api',
    maxAge: LONG_LIVED_COOKIE_MAX_AGE,
  })
}
