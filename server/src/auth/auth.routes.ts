import { createRoute } from '@hono/zod-openapi'
import { DisplaySignInSchema, LoginResponseSchema, LoginSchema, PrincipalSchema } from '@citygrid/shared'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type pg from 'pg'
import type { Config } from '../config.ts'
import { UnauthorizedError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { clientKey } from '../http/rate-limit.ts'
import { DISPLAY_COOKIE, LONG_LIVED_COOKIE_MAX_AGE, secureCookie, SESSION_COOKIE } from './auth.middleware.ts'
import { checkDisplayToken, login, logout, type LoginRules } from './auth.service.ts'
import { HashBudget } from './hash-budget.ts'
import { tokenHash } from './secrets.ts'
import type { LiveSessions } from '../realtime/socket.ts'

/** A browser that has signed a user in: sent only to sign-in, kept as long as the browser allows. */
const DEVICE_COOKIE = 'citygrid_signin_device'
const DEVICE_COOKIE_PATH = '/api/auth'

export function authRoutes(pool: pg.Pool, config: Readonly<Config>, sessions: LiveSessions) {
  const app = newRouter()
  const ttl = config.auth.sessionTtlMs
  const rules: LoginRules = { sessionTtlMs: ttl, delayBaseMs: config.auth.loginDelayBaseMs, hashes: new HashBudget(config.auth.hashBudget) }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/login',
      summary: 'Sign in; sets an httpOnly session cookie',
      request: { body: { required: true, content: { 'application/json': { schema: LoginSchema } } } },
      responses: {
        200: jsonResponse('The signed-in user', LoginResponseSchema),
        401: jsonResponse('Wrong user name or password'),
        429: jsonResponse('Too many failed attempts from this device or address: wait Retry-After seconds'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json')
      const attempt = { username, password, address: clientKey(c, config.publicApi.trustProxy), deviceToken: getCookie(c, DEVICE_COOKIE) }
      const { token, user, deviceToken } = await login(pool, attempt, rules)
      const secure = secureCookie(c, config.auth.cookieSecure)
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: Math.floor(ttl / 1000) })
      if (deviceToken) {
        setCookie(c, DEVICE_COOKIE, deviceToken, { httpOnly: true, sameSite: 'Strict', secure, path: DEVICE_COOKIE_PATH, maxAge: LONG_LIVED_COOKIE_MAX_AGE })
      }
      return c.json({ user }, 200)
    },
  )

  app.openapi(
    createRoute({ method: 'post', path: '/logout', summary: 'Sign out', responses: { 204: { description: 'Signed out' } } }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE)
      if (token) {
        await logout(pool, token)
        sessions.end({ kind: 'session', tokenHash: tokenHash(token) }) // its live connections end too
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      deleteCookie(c, DISPLAY_COOKIE, { path: '/' })
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: 'Who is signed in (a user or a wall screen)',
      responses: { 200: jsonResponse('The principal', PrincipalSchema), 401: jsonResponse('Not signed in') },
    }),
    async (c) => {
      const principal = c.get('principal')
      if (!principal) throw new UnauthorizedError('not signed in')
      return c.json(principal, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/display',
      summary: 'Sign a wall screen in with its display token; sets a long-lived httpOnly cookie',
      request: { body: { required: true, content: { 'application/json': { schema: DisplaySignInSchema } } } },
      responses: { 200: jsonResponse('The display'), 401: jsonResponse('Unknown or revoked token'), ...errorResponses },
    }),
    async (c) => {
      const { token } = c.req.valid('json')
      const display = await checkDisplayToken(pool, token)
      setCookie(c, DISPLAY_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: secureCookie(c, config.auth.cookieSecure),
        path: '/',
        maxAge: LONG_LIVED_COOKIE_MAX_AGE,
      })
      return c.json({ kind: 'display', display }, 200)
    },
  )
  return app
}
