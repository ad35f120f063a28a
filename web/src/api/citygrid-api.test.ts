import { COUNTY, MAX_FEATURE_LIMIT, type LayerFeaturePage } from '@citygrid/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchLayerFeatures } from './citygrid-api.ts'
import { ApiError } from './http.ts'

const point = (id: string) => ({ type: 'Feature' as const, id, geometry: { type: 'Point' as const, coordinates: [106.84, 32.35] }, properties: {} })

function page(ids: string[], next: string | null, numberMatched = 5): LayerFeaturePage {
  return { type: 'FeatureCollection', features: ids.map(point), numberMatched, numberReturned: ids.length, truncated: numberMatched > ids.length, next }
}

/** Answer each request with the next body in turn, recording the URLs asked for. */
function serve(...bodies: { status?: number; body: unknown }[]): string[] {
  const asked: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      asked.push(url)
      const next = bodies.shift()
      if (!next) throw new Error(`unexpected request ${url}`)
      return new Response(JSON.stringify(next.body), { status: next.status ?? 200, headers: { 'content-type': 'application/json' } })
    }),
  )
  return asked
}

describe('fetchLayerFeatures', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('follows `next` until null and joins the pages into one whole collection', async () => {
    const asked = serve({ body: page(['a', 'b'], 'b') }, { body: page(['c', 'd'], 'd') }, { body: page(['e'], null) })
    const fc = await fetchLayerFeatures('parking')
    expect(fc.features.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(fc).toMatchObject({ type: 'FeatureCollection', numberMatched: 5, numberReturned: 5, truncated: false })
    const base = `/api/layers/parking/features?bbox=${COUNTY.bbox.join(',')}&limit=${MAX_FEATURE_LIMIT}`
    expect(asked).toEqual([base, `${base}&after=b`, `${base}&after=d`])
  })

  it('asks once when the first page is the last', async () => {
    const asked = serve({ body: page(['a'], null, 1) })
    expect((await fetchLayerFeatures('vending')).features).toHaveLength(1)
    expect(asked).toHaveLength(1)
  })

  it('escapes the cursor', async () => {
    const asked = serve({ body: page(['NJ P&1'], 'NJ P&1') }, { body: page([], null) })
    await fetchLayerFeatures('parking')
    expect(asked[1]).toMatch(/&after=NJ%20P%261$/)
  })

  it('refuses a cursor that does not move rather than loop', async () => {
    serve({ body: page(['a'], 'a') }, { body: page([], 'a') })
    await expect(fetchLayerFeatures('parking')).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('fails as a whole when a later page fails', async () => {
    serve({ body: page(['a'], 'a') }, { status: 400, body: { error: { code: 'validation_failed', message: 'bad cursor' } } })
    await expect(fetchLayerFeatures('parking')).rejects.toBeInstanceOf(ApiError)
  })
})
