import { ClientConfigSchema } from '@citygrid/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, fieldOf, jsonBody, requestJson, setUnauthorizedHandler } from './http.ts'

function respond(status: number, body: string) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } })))
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ApiError)
  return err as ApiError
}

describe('requestJson', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('returns the parsed body, validated when a schema is given', async () => {
    respond(200, JSON.stringify({ basemap: { kind: 'offline' }, serviceArea: null }))
    await expect(requestJson('/api/config', { schema: ClientConfigSchema })).resolves.toEqual({
      basemap: { kind: 'offline' },
      serviceArea: null,
    })
  })

  it('raises the server error shape as one ApiError with its details', async () => {
    const body = {
      error: { code: 'validation_failed', message: 'bad bbox', details: [{ field: 'bbox', reason: 'minLon must be less than maxLon' }] },
    }
    respond(400, JSON.stringify(body))
    const err = await failure(requestJson('/api/layers/vending/features?bbox=2,0,1,1'))
    expect(err).toMatchObject({ code: 'validation_failed', message: 'bad bbox', status: 400 })
    expect(err.details).toEqual(body.error.details)
  })

  it('names what went wrong when the body is not the error shape', async () => {
    respond(502, '<html>bad gateway</html>')
    expect(await failure(requestJson('/api/layers'))).toMatchObject({ code: 'internal', status: 502 })
  })

  it('refuses a 200 that breaks the contract', async () => {
    respond(200, JSON.stringify({ basemap: { kind: 'satellite' } }))
    const err = await failure(requestJson('/api/config', { schema: ClientConfigSchema }))
    expect(err.code).toBe('bad_response')
    expect(err.details.length).toBeGreaterThan(0)
  })

  it('turns a network failure into code "network" with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    expect(await failure(requestJson('/api/config'))).toMatchObject({ code: 'network', status: 0 })
  })
})

describe('requestJson: workflow and sign-in refusals', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    setUnauthorizedHandler(null)
  })

  it('carries the allowed actions of a 409 and the Retry-After of a 429', async () => {
    respond(409, JSON.stringify({ error: { code: 'conflict', message: 'cannot file a dispatched case', allowed: ['accept', 'return'] } }))
    expect(await failure(requestJson('/api/cases/3/actions', jsonBody('POST', { action: 'file' })))).toMatchObject({
      status: 409,
      allowed: ['accept', 'return'],
    })
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: { code: 'too_many_requests', message: 'slow down' } }), {
            status: 429,
            headers: { 'retry-after': '900' },
          }),
      ),
    )
    expect(await failure(requestJson('/api/auth/login', jsonBody('POST', {})))).toMatchObject({ retryAfterSeconds: 900 })
  })

  it('carries the stored version of a 409 for a stale edit', async () => {
    respond(409, JSON.stringify({ error: { code: 'conflict', message: 'changed by someone else', currentVersion: 4 } }))
    expect(await failure(requestJson('/api/zones/1', jsonBody('PUT', {})))).toMatchObject({ status: 409, currentVersion: 4 })
  })

  it('tells the session of a 401, except from the sign-in calls themselves', async () => {
    const told: string[] = []
    setUnauthorizedHandler((path) => told.push(path))
    respond(401, JSON.stringify({ error: { code: 'unauthorized', message: 'sign in first' } }))
    await failure(requestJson('/api/cases'))
    await failure(requestJson('/api/auth/login', jsonBody('POST', {})))
    expect(told).toEqual(['/api/cases'])
  })

  it('validates a wrapped answer by the schema of what is inside', async () => {
    respond(200, JSON.stringify({ config: { basemap: { kind: 'offline' }, serviceArea: null } }))
    await expect(requestJson('/x', { schema: fieldOf('config', ClientConfigSchema) })).resolves.toEqual({
      basemap: { kind: 'offline' },
      serviceArea: null,
    })
    respond(200, JSON.stringify({ config: { basemap: { kind: 'nope' } } }))
    const err = await failure(requestJson('/x', { schema: fieldOf('config', ClientConfigSchema) }))
    expect(err.details[0]?.field).toMatch(/^config\.basemap/)
  })

  it('sends a JSON body with its content type', () => {
    expect(jsonBody('PATCH', { disabled: true })).toEqual({
      method: 'PATCH',
      body: '{"disabled":true}',
      headers: { 'content-type': 'application/json' },
    })
    expect(jsonBody('DELETE')).toEqual({ method: 'DELETE' })
  })
})
