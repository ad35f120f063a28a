import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { errorHandler } from './errors.ts'
import { rateLimit } from './rate-limit.ts'

/** A tiny app behind the limiter, on a clock the test moves. */
function limited(perMinute: number, trustProxy = false) {
  let t = 0
  const app = new Hono()
  app.onError(errorHandler(pino({ level: 'silent' })))
  app.use('*', rateLimit({ perMinute, trustProxy, now: () => t }))
  app.get('/', (c) => c.text('ok'))
  return { app, advance: (ms: number) => (t += ms) }
}

describe('rateLimit', () => {
  it('allows a burst of perMinute, then 429 with Retry-After until a token is back', async () => {
    const { app, advance } = limited(6) // one token every 10 s
    for (let i = 0; i < 6; i++) expect((await app.request('/')).status).toBe(200)
    const refused = await app.request('/')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('10')
    advance(4_000)
    expect((await app.request('/')).headers.get('retry-after')).toBe('6')
    advance(6_000)
    expect((await app.request('/')).status).toBe(200)
    expect((await app.request('/')).status).toBe(429)
  })

  it('keys by X-Forwarded-For only when told to trust the proxy', async () => {
    const spoof = (app: Hono, ip: string) => app.request('/', { headers: { 'x-forwarded-for': ip } })
    const untrusted = limited(1)
    expect((await spoof(untrusted.app, '10.0.0.1')).status).toBe(200)
    expect((await spoof(untrusted.app, '10.0.0.2')).status).toBe(429) // same socket: same client
    const trusted = limited(1, true)
    expect((await spoof(trusted.app, '10.0.0.1')).status).toBe(200)
    expect((await spoof(trusted.app, '10.0.0.2')).status).toBe(200)
    expect((await spoof(trusted.app, '10.0.0.1')).status).toBe(429)
    // What a client wrote itself comes before what the proxy appended: only the last entry counts.
    expect((await spoof(trusted.app, '198.51.100.1, 10.0.0.1')).status).toBe(429)
  })
})
