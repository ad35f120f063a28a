import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTY, LAYER_DEFINITIONS, LAYER_IDS, TILE_BUFFER, TILE_CLUSTER_CELL, TILE_CLUSTER_COUNT, TILE_CLUSTER_MAX_ZOOM, tileBBox, type LayerId } from '@citygrid/shared'
import { tileMode, tileRows } from '../src/tiles/tiles.repository.ts'
import { mvtFromJs } from '../src/tiles/tiles.service.ts'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'
import { RecordingClient } from './socket-client.ts'
import { decodeTile, tileAt, toTileUnits } from './tiles-helpers.ts'

let platform: Platform
let operator: string
let department: string

beforeAll(async () => {
  platform = await startTestPlatform()
  operator = await signIn(platform.url, 'operator')
  department = await signIn(platform.url, 'dept-zhifa')
})
afterAll(() => platform?.close())

const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(platform.url + path, { headers: { ...(cookie ? { cookie } : {}), ...headers } })

async function tileBytes(layer: string, t: { z: number; x: number; y: number }, cookie = operator): Promise<Uint8Array> {
  const res = await get(`/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`, cookie)
  expect(res.status, `${layer} ${t.z}/${t.x}/${t.y}`).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
  return new Uint8Array(await res.arrayBuffer())
}

/** The layer's GeoJSON features inside the tile and its buffer, as /api/layers answers them. */
async function geojsonIn(layer: LayerId, t: { z: number; x: number; y: number }, cookie = operator) {
  const bbox = tileBBox(t.z, t.x, t.y, TILE_BUFFER).join(',')
  const res = await get(`/api/layers/${layer}/features?bbox=${bbox}&limit=10000`, cookie)
  expect(res.status).toBe(200)
  return ((await res.json()) as { features: { id: string | number; geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[] }).features
}

describe('GET /tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  const seat = (z: number) => tileAt(COUNTY.seat[0], COUNTY.seat[1], z)

  it.each(LAYER_IDS.map((id) => [id]))('%s: the features the GeoJSON has in the tile, with the legend property, points within a tile unit', async (layer) => {
    const t = seat(TILE_CLUSTER_MAX_ZOOM + 1)
    const decoded = decodeTile(await tileBytes(layer, t), layer)
    const features = await geojsonIn(layer, t)
    const legend = LAYER_DEFINITIONS[layer].legend.property
    // Points at the buffer's very edge may fall either side of it; polygons are clipped but kept.
    expect(decoded.features.map((f) => f.id)).toEqual(features.map((f) => String(f.id)).sort())
    const byId = new Map(features.map((f) => [String(f.id), f]))
    for (const f of decoded.features) {
      const source = byId.get(f.id)!
      expect(Object.keys(f.properties)).toEqual(source.properties[legend] === null ? [] : [legend])
      if (source.properties[legend] !== null && layer !== 'dust-sensors') expect(f.properties[legend]).toBe(String(source.properties[legend]))
      if (source.geometry.type === 'Point') {
        const [lng, lat] = source.geometry.coordinates as [number, number]
        const want = toTileUnits(lng, lat, t.z, t.x, t.y, decoded.extent)
        expect(Math.abs(f.points[0]!.x - want.x), f.id).toBeLessThanOrEqual(1)
        expect(Math.abs(f.points[0]!.y - want.y), f.id).toBeLessThanOrEqual(1)
      }
    }
  })

  it('has features at the seat in the dense layers (the check above compares something)', async () => {
    for (const layer of ['parking', 'vending', 'cases'] as const) {
      expect(decodeTile(await tileBytes(layer, seat(TILE_CLUSTER_MAX_ZOOM + 1)), layer).features.length, layer).toBeGreaterThan(0)
    }
  })

  it.each([10, 12, TILE_CLUSTER_MAX_ZOOM].flatMap((z) => (['parking', 'vending', 'cases'] as const).map((l) => [l, z] as const)))(
    '%s at zoom %i: clusters that count every feature inside the tile once, each with a legend value, inside its cell',
    async (layer, z) => {
      const t = seat(z)
      const decoded = decodeTile(await tileBytes(layer, t), layer)
      const bbox = tileBBox(t.z, t.x, t.y).join(',')
      const res = await get(`/api/layers/${layer}/features?bbox=${bbox}&limit=10000`, operator)
      const inside = ((await res.json()) as { features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[] }).features.filter((f) => {
        const p = toTileUnits(f.geometry.coordinates[0], f.geometry.coordinates[1], t.z, t.x, t.y)
        return p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096
      })
      expect(decoded.features.length).toBeGreaterThan(0)
      const legend = LAYER_DEFINITIONS[layer].legend
      let counted = 0
      const cells = new Set<string>()
      for (const c of decoded.features) {
        expect(c.type).toBe(1)
        const count = c.properties[TILE_CLUSTER_COUNT] as number
        expect(count).toBeGreaterThan(0)
        counted += count
        expect(legend.entries.map((e) => e.value)).toContain(c.properties[legend.property])
        const { x, y } = c.points[0]!
        expect(x >= -1 && x <= 4096 && y >= -1 && y <= 4096, `${x},${y}`).toBe(true)
        cells.add(`${Math.floor(x / TILE_CLUSTER_CELL)},${Math.floor(y / TILE_CLUSTER_CELL)}`)
      }
      expect(counted).toBe(inside.length)
      expect(cells.size, 'one cluster a cell').toBeLessThanOrEqual(decoded.features.length)
    },
  )

  it.each([10, 12, TILE_CLUSTER_MAX_ZOOM].flatMap((z) => (['parking', 'vending', 'cases'] as const).map((l) => [l, z] as const)))(
    '%s at zoom %i: each cluster is its cell\'s features, as Web Mercator places them: their count, most common legend value and centre',
    async (layer, z) => {
      const t = seat(z)
      const legend = LAYER_DEFINITIONS[layer].legend.property
      const res = await get(`/api/layers/${layer}/features?bbox=${tileBBox(t.z, t.x, t.y).join(',')}&limit=10000`, operator)
      const features = ((await res.json()) as { features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[] }).features
      // The cells as the map's own projection (tile units, linear in Web Mercator) sees them.
      const cells = new Map<string, { n: number; x: number; y: number; values: Map<string, number> }>()
      for (const f of features) {
        const p = toTileUnits(f.geometry.coordinates[0], f.geometry.coordinates[1], t.z, t.x, t.y)
        if (p.x < 0 || p.x >= 4096 || p.y < 0 || p.y >= 4096) continue
        const key = `${Math.floor(p.x / TILE_CLUSTER_CELL)},${Math.floor(p.y / TILE_CLUSTER_CELL)}`
        const cell = cells.get(key) ?? { n: 0, x: 0, y: 0, values: new Map<string, number>() }
        cell.n += 1
        cell.x += p.x
        cell.y += p.y
        const value = f.properties[legend]
        if (value !== null) cell.values.set(String(value), (cell.values.get(String(value)) ?? 0) + 1)
        cells.set(key, cell)
      }
      const rows = await tileRows(platform.backend.pool, layer, t.z, t.x, t.y, {}, { clusterCell: TILE_CLUSTER_CELL })
      expect(rows.length).toBe(cells.size)
      for (const row of rows) {
        const [lng, lat] = (row.geometry as GeoJSON.Point).coordinates as [number, number]
        const at = toTileUnits(lng, lat, t.z, t.x, t.y)
        const key = `${Math.floor(at.x / TILE_CLUSTER_CELL)},${Math.floor(at.y / TILE_CLUSTER_CELL)}`
        const cell = cells.get(key)!
        expect(cell, key).toBeDefined()
        expect(row.count, key).toBe(cell.n)
        // mode(): the most common value, the first in order among equals.
        const [mode] = [...cell.values].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))[0] ?? [null]
        expect(row.properties[legend], key).toBe(mode)
        expect(Math.abs(at.x - cell.x / cell.n), key).toBeLessThan(0.05)
        expect(Math.abs(at.y - cell.y / cell.n), key).toBeLessThan(0.05)
      }
    },
  )

  it(`past zoom ${TILE_CLUSTER_MAX_ZOOM}, a tile denser than its limit holds clusters of ${TILE_CLUSTER_CELL} units that count every feature inside it`, async () => {
    const t = seat(16)
    const mode = await tileMode(platform.backend.pool, 'parking', t.z, t.x, t.y, {}, 5)
    expect(mode).toEqual({ clusterCell: TILE_CLUSTER_CELL })
    expect(await tileMode(platform.backend.pool, 'parking', t.z, t.x, t.y, {})).toBeNull() // the demo city is nowhere that dense
    const decoded = decodeTile(await mvtFromJs(platform.backend.pool, 'parking', t.z, t.x, t.y, {}, mode), 'parking')
    const features = decodeTile(await tileBytes('parking', t), 'parking').features
    const inside = features.filter((f) => f.points[0]!.x >= 0 && f.points[0]!.x < 4096 && f.points[0]!.y >= 0 && f.points[0]!.y < 4096)
    expect(decoded.features.length).toBeGreaterThan(0)
    expect(decoded.features.length).toBeLessThanOrEqual(Math.min(inside.length, (4096 / TILE_CLUSTER_CELL) ** 2))
    expect(decoded.features.every((c) => !('id' in c.properties))).toBe(true)
    expect(decoded.features.reduce((n, c) => n + (c.properties[TILE_CLUSTER_COUNT] as number), 0)).toBe(inside.length)
  })

  it("shows a department its own cases only, as the GeoJSON does", async () => {
    const t = seat(TILE_CLUSTER_MAX_ZOOM + 1)
    const all = decodeTile(await tileBytes('cases', t), 'cases').features.map((f) => f.id)
    const own = decodeTile(await tileBytes('cases', t, department), 'cases').features.map((f) => f.id)
    expect(own).toEqual((await geojsonIn('cases', t, department)).map((f) => String(f.id)).sort())
    expect(own.length).toBeLessThan(all.length)
  })

  it('is gzipped for a client that takes it, also once kept from one that did not (which got it plain)', async () => {
    // A tile nobody has asked for yet, big enough to be worth gzipping.
    let found: { path: string; size: number } | null = null
    const around = [16, 15, 14, 13, 12].flatMap((z) => [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => ({ ...seat(z), dx, dy }))))
    for (const t of around) {
      const path = `/tiles/parking/${t.z}/${t.x + t.dx}/${t.y + t.dy}.mvt`
      const plain = await get(path, operator, { 'accept-encoding': 'identity' })
      expect(plain.headers.get('content-encoding'), path).toBeNull()
      const size = (await plain.arrayBuffer()).byteLength
      if (plain.headers.get('x-cache') === 'miss' && size >= 1024) {
        found = { path, size }
        break
      }
    }
    expect(found, 'an uncached parking tile of 1 KB or more near the seat').not.toBeNull()
    const zipped = await get(found!.path, operator, { 'accept-encoding': 'gzip' })
    expect(zipped.headers.get('x-cache')).toBe('hit')
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect((await zipped.arrayBuffer()).byteLength).toBe(found!.size) // fetch undoes the gzip
  })

  it('is gzipped when asked, revalidated by its ETag, and refused clearly', async () => {
    const t = seat(13)
    const res = await get(`/tiles/parking/${t.z}/${t.x}/${t.y}.mvt`, operator, { 'accept-encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const tag = res.headers.get('etag')!
    expect(tag).toMatch(/^"[\w-]+"$/)
    expect((await get(`/tiles/parking/${t.z}/${t.x}/${t.y}.mvt`, operator, { 'if-none-match': tag })).status).toBe(304)
    expect((await get(`/tiles/parking/${t.z}/${t.x}/${t.y}.mvt`)).status).toBe(401)
    expect((await get(`/tiles/nothing/1/0/0.mvt`, operator)).status).toBe(404)
    for (const bad of ['23/0/0', '3/8/0', '3/0/8']) {
      const r = await get(`/tiles/parking/${bad}.mvt`, operator)
      expect(r.status, bad).toBe(400)
      expect(((await r.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field).toBe('path')
    }
  })
})

describe('GET /tiles/{layer}.json (TileJSON 3.0)', () => {
  it('names the tiles, zooms, bounds and the fields each layer carries', async () => {
    const res = await get('/tiles/parking.json', operator)
    expect(res.status).toBe(200)
    const tj = (await res.json()) as Record<string, unknown>
    expect(tj).toMatchObject({
      tilejson: '3.0.0',
      minzoom: 0,
      maxzoom: 22,
      bounds: [...COUNTY.bbox],
      tiles: [`${platform.url}/tiles/parking/{z}/{x}/{y}.mvt`],
      vector_layers: [{ id: 'parking', fields: { status: 'String', id: 'String', count: 'Number' } }],
    })
    const cases = (await (await get('/tiles/cases.json', operator)).json()) as { vector_layers: { fields: Record<string, string> }[] }
    expect(Object.keys(cases.vector_layers[0]!.fields)).toEqual([LAYER_DEFINITIONS.cases.legend.property, 'count'])
    expect((await get('/tiles/parking.json')).status).toBe(401)
  })
})

describe('kept tiles and changes', () => {
  it('a change drops the kept tiles holding it, at every zoom, before any socket hears of it', async () => {
    const t16 = tileAt(COUNTY.seat[0], COUNTY.seat[1], 16)
    const t10 = tileAt(COUNTY.seat[0], COUNTY.seat[1], 10)
    const url = (t: { z: number; x: number; y: number }) => `/tiles/parking/${t.z}/${t.x}/${t.y}.mvt`
    const space = decodeTile(await tileBytes('parking', t16), 'parking').features[0]!
    for (const t of [t16, t10]) {
      await get(url(t), operator) // made (or already kept)
      expect((await get(url(t), operator)).headers.get('x-cache'), `z${t.z}`).toBe('hit')
    }
    const status = space.properties.status === 'free' ? 'occupied' : 'free'
    const client = new RecordingClient(platform.url, undefined, operator)
    try {
      await client.ready()
      // Fetched the moment the change's event arrives: the tile must already be the new one.
      const onEvent = new Promise<{ xCache: string | null; status: unknown }>((resolve, reject) => {
        client.socket.on('event', (e) => {
          if (e.type !== 'space.status' || e.payload.spaceId !== space.id) return
          get(url(t16), operator)
            .then(async (res) => ({ xCache: res.headers.get('x-cache'), status: decodeTile(new Uint8Array(await res.arrayBuffer()), 'parking').features.find((f) => f.id === space.id)?.properties.status }))
            .then(resolve, reject)
        })
      })
      const res = await fetch(`${platform.url}/api/ingest/parking`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
        body: JSON.stringify({ events: [{ spaceId: space.id, status, at: new Date(Date.now() + 60_000).toISOString() }] }),
      })
      expect(res.status).toBe(200)
      expect(await onEvent).toEqual({ xCache: 'miss', status })
      expect((await get(url(t10), operator)).headers.get('x-cache')).toBe('miss')
    } finally {
      client.close()
    }
  })
})

describe('GET /tiles/public-parking/… (for anyone)', () => {
  it('holds the public lots of /api/public/parking/lots with their availability and counts, no sign-in needed', async () => {
    const t = tileAt(COUNTY.seat[0], COUNTY.seat[1], 13)
    const res = await get(`/tiles/public-parking/${t.z}/${t.x}/${t.y}.mvt`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const decoded = decodeTile(new Uint8Array(await res.arrayBuffer()), 'public-parking')
    const bbox = tileBBox(t.z, t.x, t.y, TILE_BUFFER).join(',')
    const lots = (await (await get(`/api/public/parking/lots?bbox=${bbox}`)).json()) as {
      features: { id: string; properties: { availability: string; free: number | null; total: number | null } }[]
    }
    expect(decoded.features.length).toBeGreaterThan(0)
    expect(decoded.features.map((f) => f.id)).toEqual(lots.features.map((f) => f.id).sort())
    for (const f of decoded.features) {
      const lot = lots.features.find((l) => l.id === f.id)!.properties
      expect(f.properties).toEqual({
        availability: lot.availability,
        ...(lot.free === null ? {} : { free: lot.free }),
        ...(lot.total === null ? {} : { total: lot.total }),
      })
    }
    const tj = (await (await get('/tiles/public-parking.json')).json()) as { vector_layers: { id: string; fields: Record<string, string> }[] }
    expect(tj.vector_layers).toEqual([{ id: 'public-parking', fields: { id: 'String', availability: 'String', free: 'Number', total: 'Number' } }])
  })
})
