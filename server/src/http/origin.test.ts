import { Hono } from 'hono'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { ErrorBodySchema } from '@citygrid/shared'
import { errorHandler } from './errors.ts'
import { isOwnOrigin, refuseForeignOrigin } from './origin.ts'

function app() {
  const a = new Hono()
  a.onError(errorHandler(pino({ level: 'silent' })))
  a.use('*', refuseForeignOrigin(['http://localhost:5173']))
  a.all('/api/incidents/1/actions', (c) => c.json({ acted: true }))
  return a
}

const HOST = 'citygrid.example:8080'
const send = (method: string, headers: Record<string, string>) =>
  app().request('/api/incidents/1/actions', { method, headers: { host: HOST, ...headers }, ...(method === 'GET' ? {} : { body: 'action=cancel' }) })

describe('refuseForeignOrigin', () => {
  it('refuses a state change with a cookie from a foreign page, in the error shape', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await send(method, { cookie: 'citygrid_session=s', origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' })
      expect(res.status, method).toBe(403)
      const body = ErrorBodySchema.parse(await res.json())
      expect(body.error.code).toBe('forbidden')
      expect(body.error.message).toContain('https://evil.example')
    }
    // Whatever the body's type, a sandboxed page's "null" origin, or a browser that only says cross-site.
    expect((await send('POST', { cookie: 'a=b', origin: 'https://evil.example', 'content-type': 'application/json' })).status).toBe(403)
    expect((await send('POST', { cookie: 'a=b', origin: 'null' })).status).toBe(403)
    expect((await send('POST', { cookie: 'a=b', origin: `https://${HOST}.evil.example` })).status).toBe(403)
    expect((await send('POST', { cookie: 'a=b', 'sec-fetch-site': 'cross-site' })).status).toBe(403)
  })

  it('lets our own pages, allowed origins, cookie-less callers and reads through', async () => {
    expect((await send('POST', { cookie: 'a=b', origin: `https://${HOST}` })).status).toBe(200)
    expect((await send('POST', { cookie: 'a=b', origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await send('POST', { cookie: 'a=b', origin: 'http://localhost:5173' })).status).toBe(200)
    expect((await send('POST', { cookie: 'a=b', 'sec-fetch-site': 'same-site' })).status).toBe(200)
    expect((await send('POST', { cookie: 'a=b' })).status).toBe(200)
    expect((await send('POST', { authorization: 'Bearer device-token', origin: 'https://evil.example' })).status).toBe(200)
    expect((await send('GET', { cookie: 'a=b', origin: 'https://evil.example' })).status).toBe(200)
  })

  it('is the socket handshake rule too', () => {
    expect(isOwnOrigin('http://h:1', 'h:1', [])).toBe(true)
    expect(isOwnOrigin('http://h:2', 'h:1', [])).toBe(false)
    expect(isOwnOrigin('http://dev:5173', 'h:1', ['http://dev:5173'])).toBe(true)
    expect(isOwnOrigin('null', 'h:1', [])).toBe(false)
    expect(isOwnOrigin('http://h:1', undefined, [])).toBe(false)
  })
})
