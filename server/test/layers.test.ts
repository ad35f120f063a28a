import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAYER_IDS, LayerFeatureCollectionSchema, type LayerInfo } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
let cookie: string
const get = (path: string) => fetch(platform.url + path, { headers: { cookie } })

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

const TABLES: Record<string, string> = {
  vending: 'SELECT count(*)::int AS n FROM vending_spots',
  'illegal-structures': 'SELECT count(*)::int AS n FROM illegal_structures',
  'construction-sites': 'SELECT count(*)::int AS n FROM construction_sites',
  'dust-sensors': 'SELECT count(*)::int AS n FROM dust_sensors',
  parking: 'SELECT count(*)::int AS n FROM parking_spaces',
  incidents: `SELECT count(*)::int AS n FROM incidents WHERE status NOT IN ('closed', 'cancelled')`,
}

describe('GET /api/layers', () => {
  it('lists every layer with its titles, legend and the count in the database', async () => {
    const res = await get('/api/layers')
    expect(res.status).toBe(200)
    const layers = (await res.json()) as LayerInfo[]
    expect(layers.map((l) => l.id)).toEqual([...LAYER_IDS])
    for (const layer of layers) {
      const { rows } = await platform.backend.pool.query<{ n: number }>(TABLES[layer.id]!)
      expect(layer.count, layer.id).toBe(rows[0]!.n)
      expect(layer.count, layer.id).toBeGreaterThan(0)
      expect(layer.title.zh.length).toBeGreaterThan(0)
      expect(layer.legend.length).toBeGreaterThan(0)
    }
  })
})

describe('GET /api/layers/:layer/features', () => {
  it.each(LAYER_IDS)('%s answers an RFC 7946 FeatureCollection with paging members', async (id) => {
    const res = await get(`/api/layers/${id}/features`)
    expect(res.status).toBe(200)
    const body = LayerFeatureCollectionSchema.parse(await res.json())
    expect(body.numberReturned).toBe(body.features.length)
    expect(body.truncated).toBe(false)
    const geometryTypes = new Set(body.features.map((f) => f.geometry.type))
    expect([...geometryTypes]).toEqual([id === 'illegal-structures' || id === 'construction-sites' ? 'Polygon' : 'Point'])
  })

  it('filters by bbox exactly as PostGIS does', async () => {
    const bbox = [106.83, 32.345, 106.845, 32.36]
    const res = await get(`/api/layers/vending/features?bbox=${bbox.join(',')}`)
    const body = LayerFeatureCollectionSchema.parse(await res.json())
    const { rows } = await platform.backend.pool.query<{ id: number }>(
      'SELECT id FROM vending_spots WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id',
      bbox,
    )
    expect(rows.length).toBeGreaterThan(0)
    expect(body.features.map((f) => f.id)).toEqual(rows.map((r) => r.id))
  })

  it('says when the limit capped the answer', async () => {
    const res = await get('/api/layers/parking/features?limit=10')
    const body = LayerFeatureCollectionSchema.parse(await res.json())
    const { rows } = await platform.backend.pool.query<{ n: number }>(TABLES.parking!)
    expect(body).toMatchObject({ numberReturned: 10, numberMatched: rows[0]!.n, truncated: true })
  })

  it('colours dust sensors by the PM10 band of their latest reading', async () => {
    const body = LayerFeatureCollectionSchema.parse(await (await get('/api/layers/dust-sensors/features')).json())
    for (const f of body.features) {
      const { pm10, pm10Level } = f.properties as { pm10: number; pm10Level: number }
      const expected = pm10 <= 50 ? 1 : pm10 <= 150 ? 2 : pm10 <= 250 ? 3 : pm10 <= 350 ? 4 : pm10 <= 420 ? 5 : 6
      expect(pm10Level).toBe(expected)
    }
  })

  it('404s an unknown layer with the list of layers', async () => {
    const res = await get('/api/layers/sewers/features')
    expect(res.status).toBe(404)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('not_found')
    expect(body.error.message).toContain('vending')
  })

  it.each([
    ['1,2,3', 'expected four numbers'],
    ['a,b,c,d', 'finite number'],
    ['107,32,106,33', 'minLon must be less than maxLon'],
    ['106,33,107,32', 'minLat must be less than maxLat'],
    ['-190,32,107,33', 'longitude'],
    ['90,10,107,33', 'at most'],
  ])('rejects bbox=%s with the field and the reason', async (bbox, reason) => {
    const res = await get(`/api/layers/vending/features?bbox=${bbox}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { field: string; reason: string }[] } }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details[0]!.field).toBe('query.bbox')
    expect(body.error.details.map((d) => d.reason).join(' ')).toContain(reason)
  })

  it('rejects a limit above the cap', async () => {
    const res = await get('/api/layers/vending/features?limit=100000')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { field: string }[] } }
    expect(body.error.details[0]!.field).toBe('query.limit')
  })
})
