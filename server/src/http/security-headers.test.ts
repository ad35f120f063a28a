import { Hono } from 'hono'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config.ts'
import { errorHandler, ValidationError } from './errors.ts'
import { securityHeaders, WALL_PAGE } from './security-headers.ts'

function app(env: Record<string, string> = {}) {
  const a = new Hono()
  a.onError(errorHandler(pino({ level: 'silent' })))
  a.use('*', securityHeaders(loadConfig(env)))
  a.get('/api/ok', (c) => c.json({ ok: true }))
  a.get('/api/bad', () => {
    throw new ValidationError([{ field: 'x', reason: 'bad' }])
  })
  a.get('*', (c) => c.html('<!doctype html><title>citygrid</title>'))
  return a
}

const directives = (res: Response) =>
  Object.fromEntries(
    (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values.join(' ')]
    }),
  )

describe('securityHeaders', () => {
  it('puts one policy on pages, API answers, errors and unknown paths', async () => {
    const a = app()
    for (const path of ['/', '/cases/1', '/api/ok', '/api/bad']) {
      const res = await a.request(path, { headers: { host: 'citygrid.example:8080' } })
      expect(directives(res), path).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'worker-src': "'self' blob:",
        'style-src': "'self'",
        'img-src': "'self' data: blob:",
        'font-src': "'self' data:",
        'connect-src': "'self' ws://citygrid.example:8080 wss://citygrid.example:8080",
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      })
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('strict-transport-security')).toBeNull()
    }
    // A Host that is not a host name adds nothing to the policy.
    expect(directives(await a.request('/', { headers: { host: "x; script-src 'unsafe-inline'" } }))['connect-src']).toBe("'self' 'self'")
  })

  it('allows the basemap style host for connections and images', async () => {
    const res = await app({ BASEMAP_STYLE_URL: 'https://tiles.example.org:8443/styles/city.json' }).request('/', { headers: { host: 'h' } })
    expect(directives(res)['connect-src']).toBe("'self' ws://h wss://h https://tiles.example.org:8443")
    expect(directives(res)['img-src']).toBe("'self' data: blob: https://tiles.example.org:8443")
  })

  it('lets FRAME_ANCESTORS frame the wall screen only', async () => {
    const a = app({ FRAME_ANCESTORS: "'self' https://portal.example.gov.cn" })
    const wall = await a.request(WALL_PAGE)
    expect(directives(wall)['frame-ancestors']).toBe("'self' https://portal.example.gov.cn")
    expect(wall.headers.get('x-frame-options')).toBeNull()
    const other = await a.request('/cases')
    expect(directives(other)['frame-ancestors']).toBe("'none'")
    expect(other.headers.get('x-frame-options')).toBe('DENY')
    expect((await app({ FRAME_ANCESTORS: "'self'" }).request(WALL_PAGE)).headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('refuses a FRAME_ANCESTORS that is not a list of sources', () => {
    expect(loadConfig({}).frameAncestors).toEqual(["'none'"])
    expect(loadConfig({ FRAME_ANCESTORS: " https://a.example  *.b.example:8443 'self' https: " }).frameAncestors).toEqual([
      'https://a.example',
      '*.b.example:8443',
      "'self'",
      'https:',
    ])
    expect(loadConfig({ FRAME_ANCESTORS: 'self https://a.example' }).frameAncestors).toEqual(["'self'", 'https://a.example'])
    expect(loadConfig({ FRAME_ANCESTORS: 'none' }).frameAncestors).toEqual(["'none'"])
    for (const bad of ["'none' 'self'", 'https://a.example; script-src *', 'https://a.example/,x', "'unsafe-inline'"]) {
      expect(() => loadConfig({ FRAME_ANCESTORS: bad }), bad).toThrow(ConfigError)
    }
  })
})
