import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './http.ts'
import { importZones } from './zones-api.ts'

function respond(status: number, body: unknown) {
  const fetch = vi.fn(async (_path: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

const rejected = [{ index: 1, name: '北关', details: [{ field: 'geometry', reason: 'Self-intersection', at: [106.8, 32.3] as [number, number] }] }]

describe('importZones', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('returns the per-feature report of a refused import instead of throwing', async () => {
    const fetch = respond(400, { error: { code: 'validation_failed', message: '1 feature(s) rejected' }, imported: [], rejected })
    const outcome = await importZones({ type: 'FeatureCollection', features: [] }, 'all')
    expect(fetch.mock.calls[0]![0]).toBe('/api/zones/import?mode=all')
    expect(outcome).toEqual({ stored: false, message: '1 feature(s) rejected', report: { imported: [], rejected } })
  })

  it('stores the valid ones with mode=valid-only', async () => {
    const fetch = respond(200, { imported: [{ index: 0, id: 9, name: '南门' }], rejected })
    const outcome = await importZones({}, 'valid-only')
    expect(fetch.mock.calls[0]![0]).toBe('/api/zones/import?mode=valid-only')
    expect(outcome.stored).toBe(true)
    expect(outcome.report.imported[0]!.id).toBe(9)
  })

  it('throws other refusals as ApiErrors', async () => {
    respond(403, { error: { code: 'forbidden', message: 'supervisors only' } })
    await expect(importZones({}, 'all')).rejects.toBeInstanceOf(ApiError)
  })
})
