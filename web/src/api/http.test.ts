import { ClientConfigSchema } from '@citygrid/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, requestJson } from './http.ts'

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
