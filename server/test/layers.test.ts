import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LAYER_DEFINITIONS,
  LAYER_IDS,
  LAYER_REGISTRY,
  legendEntryOf,
  LayerFeatureCollectionSchema,
  LayerFeaturePageSchema,
  TILE_ID_PROPERTY,
  GridCellCollectionSchema,
  MAX_GRID_CELLS,
  type LayerId,
  type LayerInfo,
} from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { LAYER_SQL } from '../src/layers/layers.sql.ts'
import { tilesFor } from '../src/tiles/tiles.repository.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
let cookie: string
const get = (path: string) => fetch(platform.url + path, { headers: { cookie } })

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

const TABLES: Record<LayerId, string> = {
  vending: 'SELECT count(*)::int AS n FROM vending_spots',
  'illegal-structures': 'SELECT count(*)::int AS n FROM illegal_structures',
  'construction-sites': 'SELECT count(*)::int AS n FROM construction_sites',
  'sanitation-facilities': 'SELECT count(*)::int AS n FROM sanitation_facilities',
  'dust-sensors': 'SELECT count(*)::int AS n FROM dust_sensors',
  parking: 'SELECT count(*)::int AS n FROM parking_spaces',
  cases: `SELECT count(*)::int AS n FROM cases WHERE status NOT IN ('closed', 'cancelled')`,
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

  it('says which layers the map draws from vector tiles: the dense ones, with where a text id travels', async () => {
    const layers = (await (await get('/api/layers')).json()) as LayerInfo[]
    const tiles = Object.fromEntries(layers.map((l) => [l.id, l.tiles]))
    // Parking spaces have text ids (in the tile's `id` property), stalls integer ids (the tile feature's id).
    expect(tiles).toEqual({
      vending: { idProperty: null },
      'illegal-structures': null,
      'construction-sites': null,
      'sanitation-facilities': null,
      'dust-sensors': null,
      parking: { idProperty: TILE_ID_PROPERTY },
      cases: null,
    })
  })

  it('draws any layer from tiles once it holds more features than TILES_FROM_FEATURES', () => {
    expect(tilesFor('cases', 20, 20)).toBeNull()
    expect(tilesFor('cases', 21, 20)).toEqual({ idProperty: null })
    expect(tilesFor('parking', 0, 20)).toEqual({ idProperty: TILE_ID_PROPERTY })
  })
})

describe("each layer's SQL", () => {
  it.each(LAYER_IDS)("%s answers its legend property's value as the column `legend` (NULL where TypeScript derives it), for every feature", async (id) => {
    const { select, derive } = LAYER_SQL[id]
    const { rows } = await platform.backend.pool.query<{ n: number; differ: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE l.legend IS DISTINCT FROM ${derive ? 'NULL' : 'l.properties->>$1'})::int AS differ
         FROM (${select}) l`,
      derive ? [] : [LAYER_DEFINITIONS[id].legend.property],
    )
    expect(rows[0]!.n).toBeGreaterThan(0)
    expect(rows[0]!.differ).toBe(0)
  })
})

describe('GET /api/layers/:layer/features/:id', () => {
  it('answers one feature as the pages have it, for a text id and an integer id', async () => {
    for (const layer of ['parking', 'vending'] as const) {
      const page = LayerFeatureCollectionSchema.parse(await (await get(`/api/layers/${layer}/features?limit=3`)).json())
      const wanted = page.features[2]!
      const res = await get(`/api/layers/${layer}/features/${encodeURIComponent(String(wanted.id))}`)
      expect(res.status, layer).toBe(200)
      expect(await res.json()).toEqual(wanted)
    }
  })

  it('answers 404 with a reason for an id that is not there, not of the layer\'s kind, or not shown to the caller', async () => {
    for (const path of ['/api/layers/vending/features/999999999', '/api/layers/vending/features/abc', '/api/layers/parking/features/no-such-space']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no feature/)
    }
    // A department sees its own cases only: another department's case is not there for it.
    const { rows } = await platform.backend.pool.query<{ id: number }>(
      `SELECT id FROM cases WHERE status NOT IN ('closed', 'cancelled') AND department_code IS DISTINCT FROM 'zhifa' ORDER BY id LIMIT 1`,
    )
    const dept = await signIn(platform.url, 'dept-zhifa')
    const other = await fetch(`${platform.url}/api/layers/cases/features/${rows[0]!.id}`, { headers: { cookie: dept } })
    expect(other.status).toBe(404)
    expect((await get(`/api/layers/cases/features/${rows[0]!.id}`)).status).toBe(200)
  })
})

describe('GET /api/layers/:layer/features', () => {
  it.each(LAYER_IDS)('%s answers an RFC 7946 FeatureCollection with paging members', async (id) => {
    const res = await get(`/api/layers/${id}/features`)
    expect(res.status).toBe(200)
    // Written as text around PostgreSQL's JSON, still sent as c.json would send it.
    expect(res.headers.get('content-type')).toBe('application/json')
    const body = LayerFeatureCollectionSchema.parse(await res.json())
    expect(body.numberReturned).toBe(body.features.length)
    expect(body.truncated).toBe(false)
    const geometryTypes = new Set(body.features.map((f) => f.geometry.type))
    expect([...geometryTypes]).toEqual([LAYER_DEFINITIONS[id].geometryType])
  })

  it.each(LAYER_REGISTRY.map((l) => [l.id, l] as const))(
    "%s: every feature's properties are exactly what its definition's schema says",
    async (id, layer) => {
      const body = LayerFeatureCollectionSchema.parse(await (await get(`/api/layers/${id}/features`)).json())
      expect(body.features.length).toBeGreaterThan(0)
      const strict = layer.properties.strict()
      const refused = body.features.flatMap((f) => {
        const r = strict.safeParse(f.properties)
        return r.success ? [] : [`${f.id}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`]
      })
      expect(refused.slice(0, 5)).toEqual([])
      // The legend colours by a property the schema has, and has an entry for every feature's value of it.
      expect(Object.keys(layer.properties.shape)).toContain(layer.legend.property)
      const unlisted = body.features.filter((f) => !legendEntryOf(layer, f.properties)).map((f) => f.properties[layer.legend.property])
      expect(unlisted.slice(0, 5)).toEqual([])
    },
  )

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

  it('says when the limit capped the answer, and where the next page starts', async () => {
    const res = await get('/api/layers/parking/features?limit=10')
    const body = LayerFeaturePageSchema.parse(await res.json())
    const { rows } = await platform.backend.pool.query<{ n: number }>(TABLES.parking!)
    expect(body).toMatchObject({ numberReturned: 10, numberMatched: rows[0]!.n, truncated: true, next: String(body.features[9]!.id) })
  })

  /** Follow `next` from the first page until it is null, checking each page's paging members. */
  async function allPages(layer: LayerId, query: string) {
    const pages = []
    let after: string | null = null
    do {
      const cursor: string = after === null ? '' : `&after=${encodeURIComponent(after)}`
      const res = await get(`/api/layers/${layer}/features?${query}${cursor}`)
      expect(res.status, `${layer} ${query}${cursor}`).toBe(200)
      const page = LayerFeaturePageSchema.parse(await res.json())
      expect(page.numberReturned).toBe(page.features.length)
      pages.push(page)
      after = page.next
      if (after !== null) expect(after).toBe(String(page.features.at(-1)!.id))
    } while (after !== null && pages.length < 1000)
    return pages
  }

  it.each(LAYER_IDS)('%s: paging with a small limit returns every feature exactly once, in order, as the unpaged answer', async (layer) => {
    const whole = LayerFeaturePageSchema.parse(await (await get(`/api/layers/${layer}/features?limit=10000`)).json())
    expect(whole).toMatchObject({ next: null, truncated: false, numberMatched: whole.features.length })
    const limit = Math.max(1, Math.ceil(whole.features.length / 6))
    const pages = await allPages(layer, `limit=${limit}`)
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.flatMap((p) => p.features)).toEqual(whole.features)
    // The first page counts the whole match; later ones do not count it again.
    expect(pages.map((p) => p.numberMatched)).toEqual([whole.features.length, ...pages.slice(1).map(() => undefined)])
    expect(pages.every((p) => p.truncated)).toBe(true)
    expect(pages.slice(0, -1).every((p) => p.features.length === limit)).toBe(true)
    expect(pages.at(-1)!.features.length).toBeGreaterThan(0)
  })

  it('pages inside a bbox as the unpaged bbox query answers', async () => {
    const bbox = 'bbox=106.83,32.345,106.845,32.36'
    const whole = LayerFeaturePageSchema.parse(await (await get(`/api/layers/parking/features?${bbox}&limit=10000`)).json())
    expect(whole.features.length).toBeGreaterThan(20)
    const pages = await allPages('parking', `${bbox}&limit=7`)
    expect(pages.flatMap((p) => p.features.map((f) => f.id))).toEqual(whole.features.map((f) => f.id))
    expect(pages[0]!.numberMatched).toBe(whole.features.length)
  })

  it('ends with next null, never an empty page, when the limit divides the layer', async () => {
    const { rows } = await platform.backend.pool.query<{ n: number }>(TABLES.vending!)
    const n = rows[0]!.n
    const exact = LayerFeaturePageSchema.parse(await (await get(`/api/layers/vending/features?limit=${n}`)).json())
    expect(exact).toMatchObject({ numberReturned: n, numberMatched: n, truncated: false, next: null })
    const pages = await allPages('vending', `limit=${n / 2}`)
    expect(pages.map((p) => p.features.length)).toEqual([n / 2, n / 2])
    expect(pages.map((p) => p.next === null)).toEqual([false, true])
    expect(pages.map((p) => p.truncated)).toEqual([true, true])
  })

  it.each([
    ['vending', 'abc', 'not a feature id of vending'],
    ['vending', '-1', 'not a feature id of vending'],
    ['vending', '1.5', 'not a feature id of vending'],
    ['cases', '99999999999999999999', 'not a feature id of cases'],
    ['vending', '', 'next'],
    ['parking', 'NJ-P001%00', 'control characters'],
    ['parking', 'x'.repeat(201), 'next'],
  ])('rejects %s after=%s with the field and the reason', async (layer, after, reason) => {
    const res = await get(`/api/layers/${layer}/features?after=${after}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { field: string; reason: string }[] } }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details[0]!.field).toBe('query.after')
    expect(body.error.details.map((d) => d.reason).join(' ')).toContain(reason)
  })

  it('colours dust sensors by the PM10 band of their latest reading', async () => {
    const body = LayerFeatureCollectionSchema.parse(await (await get('/api/layers/dust-sensors/features')).json())
    for (const f of body.features) {
      const { pm10, pm10Level } = f.properties as { pm10: number; pm10Level: number }
      const expected = pm10 <= 50 ? 1 : pm10 <= 150 ? 2 : pm10 <= 250 ? 3 : pm10 <= 350 ? 4 : pm10 <= 420 ? 5 : 6
      expect(pm10Level).toBe(expected)
    }
  })

  it('answers the old layer name incidents (deprecated) as cases', async () => {
    const page = async (layer: string) => {
      const res = await get(`/api/layers/${layer}/features?limit=10000`)
      expect(res.status).toBe(200)
      return LayerFeaturePageSchema.parse(await res.json())
    }
    const cases = await page('cases')
    expect(cases.features.length).toBeGreaterThan(0)
    expect(await page('incidents')).toEqual(cases)
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

describe('GET /api/grid', () => {
  /** Around the county seat's built-up area, where the demo grid lies. */
  const SEAT_BBOX = '106.80,32.32,106.88,32.39'

  it('answers the cells meeting a bbox, as PostGIS intersects them, each named as a case address there would be', async () => {
    const res = await get(`/api/grid?bbox=${SEAT_BBOX}`)
    expect(res.status).toBe(200)
    const body = GridCellCollectionSchema.parse(await res.json())
    const { rows } = await platform.backend.pool.query<{ code: string; zh: string | null; en: string | null }>(
      `SELECT g.code, nearest_place_name(g.geom) AS zh,
              (SELECT b.name_en FROM basemap_features b WHERE b.name_zh = nearest_place_name(g.geom) ORDER BY b.id LIMIT 1) AS en
         FROM unit_grid g
        WHERE ST_Intersects(g.geom, ST_MakeEnvelope(106.80, 32.32, 106.88, 32.39, 4326))
        ORDER BY g.code`,
    )
    expect(rows.length).toBeGreaterThan(0)
    expect(body.truncated).toBe(false)
    expect(body.numberReturned).toBe(rows.length)
    expect(body.features.map((f) => f.properties.code)).toEqual(rows.map((r) => r.code))
    expect(body.features.map((f) => f.properties.place)).toEqual(rows.map((r) => (r.zh === null ? null : { zh: r.zh, en: r.en })))
    // Named streets, not just the seat's town point: the streets cross the built-up area.
    const streets = await platform.backend.pool.query<{ zh: string }>(`SELECT name_zh AS zh FROM basemap_features WHERE kind = 'street'`)
    const named = new Set(body.features.map((f) => f.properties.place?.zh))
    expect(streets.rows.filter((s) => named.has(s.zh)).length).toBeGreaterThan(1)
  })

  it(`holds at most ${MAX_GRID_CELLS} cells, in code order, and says when there were more`, async () => {
    // More cells than an answer holds, in a corner of the county where the demo grid is not.
    const [x0, y0, step] = [106.6, 32.6, 0.0009]
    await platform.backend.pool.query(
      `INSERT INTO unit_grid (code, geom)
       SELECT '511922999' || lpad(i::text, 5, '0'),
              ST_MakeEnvelope($1::float8 + (i % 50) * $3::float8, $2::float8 + (i / 50) * $3::float8,
                              $1::float8 + (i % 50 + 1) * $3::float8, $2::float8 + (i / 50 + 1) * $3::float8, 4326)
         FROM generate_series(0, $4::int) AS i`,
      [x0, y0, step, MAX_GRID_CELLS + 10],
    )
    try {
      const body = GridCellCollectionSchema.parse(await (await get(`/api/grid?bbox=${x0},${y0},${x0 + 0.05},${y0 + 0.05}`)).json())
      expect(body.truncated).toBe(true)
      expect(body.numberReturned).toBe(MAX_GRID_CELLS)
      const codes = body.features.map((f) => f.properties.code)
      expect(codes).toEqual([...codes].sort())
      expect(codes[0]).toBe('51192299900000')
    } finally {
      await platform.backend.pool.query(`DELETE FROM unit_grid WHERE code LIKE '511922999%'`)
    }
  })

  it.each([
    ['', 'bbox'],
    ['?bbox=106,32', 'expected four numbers'],
    ['?bbox=107,32,106,33', 'minLon must be less than maxLon'],
  ])('rejects %s with 400 naming query.bbox', async (query, reason) => {
    const res = await get(`/api/grid${query}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { field: string; reason: string }[] } }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details[0]!.field).toBe('query.bbox')
    expect(`${body.error.details[0]!.field} ${body.error.details.map((d) => d.reason).join(' ')}`).toContain(reason)
  })

  it('is for those who see the map: 401 without a session', async () => {
    expect((await fetch(`${platform.url}/api/grid?bbox=${SEAT_BBOX}`)).status).toBe(401)
  })
})
