import {
  ErrorBodySchema,
  M2_PER_MU,
  OutboxEventSchema,
  ZONE_LIMITS,
  ZoneCollectionSchema,
  ZoneCoverageSchema,
  ZoneImportReportSchema,
  ZoneSchema,
  ZoneStatsSchema,
  type Zone,
} from '@citygrid/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

/**
 * Patrol zones through the API on a real PostGIS: every reason a geometry is refused, clockwise rings
 * normalised, holes and multipolygons, overlaps flagged, measures equal to PostGIS's, coverage of the
 * unit grid, stats inside a zone equal to a recount from rows, stale saves refused, import all-or-none.
 */

let platform: Platform
let supervisor: string
let supervisor2: string

beforeAll(async () => {
  platform = await startTestPlatform()
  supervisor = await signIn(platform.url, 'supervisor')
  supervisor2 = await signIn(platform.url, 'supervisor')
})
afterAll(() => platform?.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await platform.backend.pool.query(sql, params)).rows as T[]

function call(method: string, path: string, body?: unknown, cookie = supervisor) {
  return fetch(`${platform.url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

type Ring = [number, number][]
/** A square ring, counter-clockwise, `d` degrees a side, lower-left corner at (x, y). */
const square = (x: number, y: number, d: number): Ring => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
const polygon = (...rings: Ring[]) => ({ type: 'Polygon', coordinates: rings })
const zoneBody = (geometry: unknown, name = '测试责任区') => ({
  name,
  team: '城区一中队',
  color: '#e8590c',
  schedule: { days: [1, 2, 3, 4, 5], shifts: [{ name: '白班', start: '08:00', end: '17:30' }] },
  notes: '即查即拆',
  geometry,
})

async function create(geometry: unknown, name?: string): Promise<Zone> {
  const res = await call('POST', '/api/zones', zoneBody(geometry, name))
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(201)
  return ZoneSchema.parse(body)
}

async function rejection(geometry: unknown) {
  const before = await rows<{ n: number }>('SELECT count(*)::int AS n FROM patrol_zones')
  const res = await call('POST', '/api/zones', zoneBody(geometry))
  expect(res.status).toBe(400)
  const body = ErrorBodySchema.parse(await res.json())
  const after = await rows<{ n: number }>('SELECT count(*)::int AS n FROM patrol_zones')
  expect(after[0]!.n).toBe(before[0]!.n)
  return body.error.details ?? []
}

describe('POST /api/zones', () => {
  it('stores a zone with its measures from PostGIS and pushes it', async () => {
    const since = (await rows<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events'))[0]!.id
    const zone = await create(polygon(square(106.5, 31.9, 0.004)))
    const measured = await rows<{ area: number; perimeter: number }>(
      'SELECT ST_Area(geom::geography) AS area, ST_Perimeter(geom::geography) AS perimeter FROM patrol_zones WHERE id = $1',
      [zone.id],
    )
    expect(zone.properties.areaM2).toBeCloseTo(measured[0]!.area, 0)
    expect(zone.properties.areaMu).toBeCloseTo(measured[0]!.area / M2_PER_MU, 1)
    expect(zone.properties.perimeterM).toBeCloseTo(measured[0]!.perimeter, 0)
    expect(zone.properties.version).toBe(1)
    expect(zone.properties.schedule.days).toEqual([1, 2, 3, 4, 5])
    expect(zone.properties.updatedBy).not.toBeNull()
    const events = await rows<{ type: string; payload: unknown }>('SELECT type, payload FROM events WHERE id > $1 ORDER BY id', [since])
    expect(events.map((e) => e.type)).toEqual(['zone.created'])
    expect(OutboxEventSchema.parse({ id: 1, at: 'x', ...events[0] }).payload).toMatchObject({ id: zone.id })
  })
})

describe('geometry validation', () => {
  const x = 106.52
  const y = 31.92

  it('refuses a self-intersecting (bow-tie) ring with the place PostGIS found', async () => {
    const details = await rejection(polygon([[x, y], [x + 0.004, y + 0.004], [x + 0.004, y], [x, y + 0.004], [x, y]]))
    expect(details[0]!.field).toBe('geometry')
    expect(details[0]!.reason).toMatch(/^self-intersection at 106\.52\d+, 31\.92\d+ \(ST_IsValidReason: Self-intersection\[/)
    expect(details[0]!.at![0]).toBeCloseTo(x + 0.002, 6)
    expect(details[0]!.at![1]).toBeCloseTo(y + 0.002, 6)
  })

  it('refuses fewer than four positions', async () => {
    const details = await rejection(polygon([[x, y], [x + 0.004, y], [x, y]]))
    expect(details).toEqual([{ field: 'geometry.coordinates.0', reason: expect.stringContaining('at least four positions') }])
  })

  it('refuses an unclosed ring, pointing at its last position', async () => {
    const details = await rejection(polygon([[x, y], [x + 0.004, y], [x + 0.004, y + 0.004], [x, y + 0.004]]))
    expect(details).toEqual([{ field: 'geometry.coordinates.0', reason: expect.stringContaining('not closed'), at: [x, y + 0.004] }])
  })

  it('refuses coordinates out of range and outside the county', async () => {
    const far = await rejection(polygon([[x, y], [190, y], [x, 95], [x, y]]))
    expect(far.map((d) => d.field)).toEqual(['geometry.coordinates.0.1', 'geometry.coordinates.0.2'])
    expect(far[0]!.reason).toContain('out of range')
    const chengdu = await rejection(polygon(square(104.06, 30.65, 0.01)))
    expect(chengdu[0]!.reason).toContain('outside the county')
  })

  it('refuses non-numbers, wrong types and empty coordinates', async () => {
    expect((await rejection(polygon([[x, y], [x + 0.004, 'north'], [x + 0.004, y + 0.004], [x, y]] as never)))[0]!.reason).toContain('finite numbers')
    expect((await rejection({ type: 'LineString', coordinates: [[x, y], [x + 1, y]] }))[0]!.field).toBe('geometry.type')
    expect((await rejection({ type: 'Polygon', coordinates: [] }))[0]!.field).toBe('geometry.coordinates')
  })

  it(`refuses more than ${ZONE_LIMITS.maxVertices} vertices`, async () => {
    const n = ZONE_LIMITS.maxVertices + 10
    const ring: Ring = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n
      return [x + 0.01 * Math.cos(a), y + 0.01 + 0.01 * Math.sin(a)] as [number, number]
    })
    ring.push(ring[0]!)
    const details = await rejection(polygon(ring))
    expect(details[0]).toEqual({ field: 'geometry.coordinates', reason: `too many vertices: at most ${ZONE_LIMITS.maxVertices}, got ${n + 1}` })
  })

  it('refuses an area too small or too large', async () => {
    expect((await rejection(polygon(square(x, y, 0.00005))))[0]!.reason).toMatch(/^area too small: \d+ m², at least 100 m²$/)
    expect((await rejection(polygon(square(106.5, 31.9, 0.2))))[0]!.reason).toMatch(/^area too large: [\d,]+ m², at most 100,000,000 m²$/)
  })

  it('refuses a hole outside its shell', async () => {
    const details = await rejection(polygon(square(x, y, 0.004), square(x + 0.01, y, 0.001)))
    expect(details[0]!.reason).toContain('hole lies outside shell')
  })

  it('accepts a clockwise ring and stores it counter-clockwise', async () => {
    const clockwise = [...square(106.53, 31.93, 0.004)].reverse()
    const zone = await create(polygon(clockwise))
    const ccw = await rows<{ ccw: boolean }>('SELECT ST_IsPolygonCCW(geom) AS ccw FROM patrol_zones WHERE id = $1', [zone.id])
    expect(ccw[0]!.ccw).toBe(true)
  })

  it('accepts holes and multipolygons, the hole not counted in the area', async () => {
    const holed = await create(polygon(square(106.54, 31.94, 0.004), [...square(106.541, 31.941, 0.001)].reverse()))
    const solid = await create(polygon(square(106.55, 31.95, 0.004)))
    expect(holed.properties.areaM2).toBeLessThan(solid.properties.areaM2 * 0.95)
    expect(holed.geometry.coordinates[0]).toHaveLength(2)
    const multi = await create({ type: 'MultiPolygon', coordinates: [[square(106.56, 31.96, 0.002)], [square(106.57, 31.96, 0.002)]] })
    expect(multi.geometry.coordinates).toHaveLength(2)
  })

  it('names the field of a bad name, colour or schedule', async () => {
    const res = await call('POST', '/api/zones', {
      ...zoneBody(polygon(square(106.58, 31.97, 0.004))),
      name: '',
      color: 'orange',
      schedule: { days: [1, 1, 9], shifts: [{ name: '夜班', start: '25:00', end: '06:00' }] },
    })
    expect(res.status).toBe(400)
    const fields = ErrorBodySchema.parse(await res.json()).error.details!.map((d) => d.field)
    expect(fields).toEqual(expect.arrayContaining(['name', 'color', 'schedule.days.2', 'schedule.days', 'schedule.shifts.0.start']))
  })
})

describe('overlaps', () => {
  it('flags zones overlapping others with the shared area, both ways, and not zones that only touch', async () => {
    const a = await create(polygon(square(106.6, 32.0, 0.004)), 'A')
    const b = await create(polygon(square(106.602, 32.0, 0.004)), 'B')
    const touching = await create(polygon(square(106.606, 32.0, 0.004)), 'touching B')
    const shared = await rows<{ area: number }>(
      'SELECT ST_Area(ST_Intersection(a.geom, b.geom)::geography) AS area FROM patrol_zones a, patrol_zones b WHERE a.id = $1 AND b.id = $2',
      [a.id, b.id],
    )
    expect(b.properties.overlaps).toEqual([{ zoneId: a.id, name: 'A', areaM2: expect.closeTo(shared[0]!.area, 0) }])
    expect(touching.properties.overlaps).toEqual([])
    const list = ZoneCollectionSchema.parse(await (await call('GET', '/api/zones')).json())
    expect(list.features.find((z) => z.id === a.id)!.properties.overlaps.map((o) => o.zoneId)).toEqual([b.id])
  })
})

describe('GET /api/zones as of a revision', () => {
  it('answers 304 for the revision a client has, and anew after any write — another edit, a delete, an editor renamed', async () => {
    const list = () => call('GET', '/api/zones')
    const first = await list()
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"zones-\d+"$/)
    const cached = await fetch(`${platform.url}/api/zones`, { headers: { cookie: supervisor, 'if-none-match': etag } })
    expect(cached.status).toBe(304)
    // Gzipped once per revision, in the background: soon every read that accepts it gets it.
    let encoding: string | null = null
    for (const deadline = Date.now() + WAIT_MS; encoding !== 'gzip' && Date.now() < deadline; ) {
      const res = await fetch(`${platform.url}/api/zones`, { headers: { cookie: supervisor, 'accept-encoding': 'gzip' } })
      encoding = res.headers.get('content-encoding')
      expect(ZoneCollectionSchema.parse(await res.json()).features.length).toBeGreaterThan(0)
    }
    expect(encoding).toBe('gzip')
    // Overlaps and measures are stored at write time; a new zone changes the revision and both lists.
    const before = ZoneCollectionSchema.parse(await first.json())
    const added = await create(polygon(square(106.62, 32.02, 0.004)), 'revision A')
    const second = await list()
    expect(second.headers.get('etag')).not.toBe(etag)
    const after = ZoneCollectionSchema.parse(await second.json())
    expect(after.features.map((z) => z.id)).toEqual([...before.features.map((z) => z.id), added.id])
    // The editor's name shown on a zone is part of what a reader sees: renaming the user is a new revision.
    const etag2 = second.headers.get('etag')!
    const { name } = (await rows<{ name: string }>(`SELECT display_name AS name FROM users WHERE username = 'supervisor'`))[0]!
    await rows(`UPDATE users SET display_name = '改名的督查员' WHERE username = 'supervisor'`)
    const third = await list()
    expect(third.headers.get('etag')).not.toBe(etag2)
    const renamed = ZoneCollectionSchema.parse(await third.json()).features.find((z) => z.id === added.id)!
    expect(renamed.properties.updatedBy).toBe('改名的督查员')
    const etag3 = third.headers.get('etag')!
    expect((await call('DELETE', `/api/zones/${added.id}?version=${added.properties.version}`)).status).toBe(204)
    const fourth = await list()
    expect(fourth.headers.get('etag')).not.toBe(etag3)
    expect(ZoneCollectionSchema.parse(await fourth.json()).features.some((z) => z.id === added.id)).toBe(false)
    await rows(`UPDATE users SET display_name = $1 WHERE username = 'supervisor'`, [name])
  })
})

describe('PUT and DELETE /api/zones/:id', () => {
  it('gives the second of two editors of the same version 409 with the current version, and loses nothing', async () => {
    const zone = await create(polygon(square(106.62, 32.02, 0.004)), '并发')
    const first = await call('PUT', `/api/zones/${zone.id}`, { ...zoneBody(polygon(square(106.62, 32.02, 0.005)), '第一位'), version: 1 })
    expect(first.status).toBe(200)
    expect(ZoneSchema.parse(await first.json()).properties.version).toBe(2)
    const second = await call('PUT', `/api/zones/${zone.id}`, { ...zoneBody(polygon(square(106.62, 32.02, 0.003)), '第二位'), version: 1 }, supervisor2)
    expect(second.status).toBe(409)
    const body = ErrorBodySchema.parse(await second.json())
    expect(body.error.currentVersion).toBe(2)
    expect(body.error.details).toEqual([{ field: 'version', reason: 'stale: the current version is 2' }])
    const stored = ZoneSchema.parse(await (await call('GET', `/api/zones/${zone.id}`)).json())
    expect(stored.properties.name).toBe('第一位')
    expect(stored.properties.version).toBe(2)
  })

  it('keeps the stored zone when an edit brings an invalid geometry', async () => {
    const zone = await create(polygon(square(106.63, 32.03, 0.004)), '原样')
    const x = 106.63
    const y = 32.03
    const res = await call('PUT', `/api/zones/${zone.id}`, {
      ...zoneBody(polygon([[x, y], [x + 0.004, y + 0.004], [x + 0.004, y], [x, y + 0.004], [x, y]])),
      version: 1,
    })
    expect(res.status).toBe(400)
    const stored = ZoneSchema.parse(await (await call('GET', `/api/zones/${zone.id}`)).json())
    expect(stored).toEqual(zone)
  })

  it('deletes with the current version, refuses a stale one, and answers 404 after', async () => {
    const zone = await create(polygon(square(106.64, 32.04, 0.004)), '删除')
    await call('PUT', `/api/zones/${zone.id}`, { ...zoneBody(polygon(square(106.64, 32.04, 0.004)), '改过'), version: 1 })
    expect((await call('DELETE', `/api/zones/${zone.id}?version=1`)).status).toBe(409)
    expect((await call('DELETE', `/api/zones/${zone.id}?version=2`)).status).toBe(204)
    expect((await call('GET', `/api/zones/${zone.id}`)).status).toBe(404)
    expect((await call('PUT', `/api/zones/${zone.id}`, { ...zoneBody(polygon(square(106.64, 32.04, 0.004))), version: 2 })).status).toBe(404)
    const events = await rows<{ payload: { id: number; name: string } }>(`SELECT payload FROM events WHERE type = 'zone.deleted' ORDER BY id DESC LIMIT 1`)
    expect(events[0]!.payload).toEqual({ id: zone.id, name: '改过', version: 2 })
  })
})

describe('import and export', () => {
  const feature = (geometry: unknown, name: string) => ({ type: 'Feature', properties: { name, team: '二中队', color: '#2f9e44' }, geometry })
  const bowTie = polygon([[106.66, 32.06], [106.664, 32.064], [106.664, 32.06], [106.66, 32.064], [106.66, 32.06]])

  it('imports all or nothing by default, reporting each rejected feature and why', async () => {
    const before = (await rows<{ n: number }>('SELECT count(*)::int AS n FROM patrol_zones'))[0]!.n
    const res = await call('POST', '/api/zones/import', {
      type: 'FeatureCollection',
      features: [feature(polygon(square(106.65, 32.05, 0.004)), '好的'), feature(bowTie, '蝴蝶结'), { type: 'Feature', properties: { name: '无色' }, geometry: null }],
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string } } & Record<string, unknown>
    expect(body.error.code).toBe('validation_failed')
    const report = ZoneImportReportSchema.parse(body)
    expect(report.imported).toEqual([])
    expect(report.rejected.map((r) => [r.index, r.name])).toEqual([[1, '蝴蝶结'], [2, '无色']])
    expect(report.rejected[0]!.details[0]!.reason).toContain('self-intersection')
    expect(report.rejected[1]!.details.map((d) => d.field)).toEqual(expect.arrayContaining(['team', 'color', 'geometry']))
    expect((await rows<{ n: number }>('SELECT count(*)::int AS n FROM patrol_zones'))[0]!.n).toBe(before)
  })

  it('with mode=valid-only stores the good features and lists the rest', async () => {
    const res = await call('POST', '/api/zones/import?mode=valid-only', {
      type: 'FeatureCollection',
      features: [feature(polygon(square(106.67, 32.07, 0.004)), '导入一'), feature(bowTie, '蝴蝶结'), feature(polygon(square(106.68, 32.07, 0.004)), '导入二')],
    })
    expect(res.status).toBe(200)
    const report = ZoneImportReportSchema.parse(await res.json())
    expect(report.imported.map((i) => [i.index, i.name])).toEqual([[0, '导入一'], [2, '导入二']])
    expect(report.rejected.map((r) => r.index)).toEqual([1])
  })

  it('refuses what is not a FeatureCollection', async () => {
    const res = await call('POST', '/api/zones/import', { type: 'Feature' })
    expect(res.status).toBe(400)
    expect(ErrorBodySchema.parse(await res.json()).error.details).toEqual([{ field: 'body', reason: 'a GeoJSON FeatureCollection is required' }])
  })

  it('exports a file that imports back to the same zones', async () => {
    const res = await call('GET', '/api/zones/export')
    expect(res.headers.get('content-type')).toContain('application/geo+json')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="citygrid-zones-\d{8}\.geojson"/)
    const exported = (await res.json()) as { features: { id: number; properties: { name: string }; geometry: unknown }[] }
    const stored = ZoneCollectionSchema.parse(await (await call('GET', '/api/zones')).json())
    expect(exported.features.map((f) => f.id)).toEqual(stored.features.map((z) => z.id))
    await platform.backend.pool.query('DELETE FROM patrol_zones')
    const back = await call('POST', '/api/zones/import', exported)
    expect(back.status).toBe(200)
    const again = ZoneCollectionSchema.parse(await (await call('GET', '/api/zones')).json())
    const shape = (z: Zone) => [z.properties.name, z.properties.team, z.properties.color, z.properties.areaM2, JSON.stringify(z.geometry)]
    expect(again.features.map(shape)).toEqual(stored.features.map(shape))
  })
})

describe('coverage and stats', () => {
  it('measures the built-up area covered as PostGIS does, listing the cells left uncovered', async () => {
    await platform.backend.pool.query('DELETE FROM patrol_zones')
    const empty = ZoneCoverageSchema.parse(await (await call('GET', '/api/zones/coverage')).json())
    const grid = await rows<{ n: number; area: number }>('SELECT count(*)::int AS n, sum(ST_Area(geom::geography)) AS area FROM unit_grid')
    expect(empty.cells).toBe(grid[0]!.n)
    expect(empty.share).toBe(0)
    expect(empty.uncovered.features).toHaveLength(grid[0]!.n)

    // A zone over the grid's south-west quarter.
    const ext = await rows<{ x0: number; y0: number; x1: number; y1: number }>(
      'SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom)::geometry AS e FROM unit_grid) g',
    )
    const { x0, y0, x1, y1 } = ext[0]!
    const xm = (x0 + x1) / 2
    const ym = (y0 + y1) / 2
    await create(polygon([[x0, y0], [xm, y0], [xm, ym], [x0, ym], [x0, y0]]), '西南')
    const c = ZoneCoverageSchema.parse(await (await call('GET', '/api/zones/coverage')).json())
    const expected = await rows<{ covered: number }>(
      `SELECT sum(ST_Area(ST_Intersection(c.geom, z.geom)::geography)) AS covered
       FROM unit_grid c, (SELECT ST_Union(geom) AS geom FROM patrol_zones) z`,
    )
    expect(c.coveredAreaM2).toBeCloseTo(expected[0]!.covered, -1)
    expect(c.share).toBeCloseTo(expected[0]!.covered / grid[0]!.area, 4)
    expect(c.share).toBeGreaterThan(0.05)
    expect(c.uncovered.features.length).toBeLessThan(grid[0]!.n)
    const fully = await rows<{ code: string }>(
      `SELECT c.code FROM unit_grid c, patrol_zones z WHERE ST_Area(ST_Intersection(c.geom, z.geom)::geography) >= 0.99 * ST_Area(c.geom::geography)`,
    )
    const listed = new Set(c.uncovered.features.map((f) => f.properties.code))
    expect(fully.length).toBeGreaterThan(0)
    for (const cell of fully) expect(listed.has(cell.code)).toBe(false)
  })

  it('counts what is inside a zone as a recount from the rows does', async () => {
    // The seat's built-up area, where the demo city puts its cases, stalls and sites.
    const ext = await rows<{ x0: number; y0: number; x1: number; y1: number }>(
      'SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom)::geometry AS e FROM unit_grid) g',
    )
    const { x0, y0, x1, y1 } = ext[0]!
    const zone = await create(polygon([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]), '城区')
    const from = '2026-10-01T00:00:00+08:00'
    const to = '2026-12-01T00:00:00+08:00'
    const res = await call('GET', `/api/zones/${zone.id}/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
    expect(res.status).toBe(200)
    const s = ZoneStatsSchema.parse(await res.json())
    const inside = `ST_Covers((SELECT geom FROM patrol_zones WHERE id = ${zone.id}), f.geom)`
    const cases = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM cases f WHERE ${inside} AND reported_at >= $1 AND reported_at < $2`, [from, to])
    expect(s.casesTotal).toBe(cases[0]!.n)
    expect(s.casesTotal).toBeGreaterThan(0)
    const due = await rows<{ due: number; onTime: number; deferred: number }>(
      `SELECT count(*)::int AS due, count(*) FILTER (WHERE status = 'closed' AND feedback_at <= disposal_due_at)::int AS "onTime",
              count(*) FILTER (WHERE status = 'deferred')::int AS deferred
       FROM cases f WHERE ${inside} AND dispatched_at >= $1 AND dispatched_at < $2`,
      [from, to],
    )
    expect(s.due).toBe(due[0]!.due)
    expect(s.closedOnTime).toBe(due[0]!.onTime)
    expect(s.onTimeRate).toBeCloseTo(due[0]!.onTime / (due[0]!.due - due[0]!.deferred), 6)
    const vending = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM vending_spots f WHERE ST_Intersects((SELECT geom FROM patrol_zones WHERE id = ${zone.id}), f.geom)`)
    expect(Object.values(s.vending).reduce((a, b) => a + b, 0)).toBe(vending[0]!.n)
    const sites = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM construction_sites f WHERE ST_Intersects((SELECT geom FROM patrol_zones WHERE id = ${zone.id}), f.geom)`)
    expect(s.constructionSites).toHaveLength(sites[0]!.n)
  })

  it('refuses a period that ends before it starts, and an unknown zone', async () => {
    const zones = ZoneCollectionSchema.parse(await (await call('GET', '/api/zones')).json())
    const bad = await call('GET', `/api/zones/${zones.features[0]!.id}/stats?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z`)
    expect(bad.status).toBe(400)
    expect(ErrorBodySchema.parse(await bad.json()).error.details![0]!.field).toBe('query.to')
    expect((await call('GET', '/api/zones/999999/stats')).status).toBe(404)
  })
})

describe('live', () => {
  it('pushes zone changes to other supervisors, wall screens and zone subscribers, not to others', async () => {
    const admin = await signIn(platform.url, 'admin')
    const issued = await call('POST', '/api/display-tokens', { name: 'zones wall' }, admin)
    const { token } = (await issued.json()) as { token: string }
    const display = await fetch(`${platform.url}/api/auth/display`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    })
    const wallCookie = display.headers.getSetCookie().find((c) => c.startsWith('citygrid_display='))!.split(';')[0]!
    const since = (await rows<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events'))[0]!.id
    const other = new RecordingClient(platform.url, since, supervisor2)
    const wall = new RecordingClient(platform.url, since, wallCookie)
    // Zones far from a bbox still reach a zones subscriber: outlines cross boxes.
    const zonesOnly = new RecordingClient(platform.url, since, supervisor2, { layers: ['zones'], bbox: [106.8, 32.3, 106.81, 32.31] })
    const parkingOnly = new RecordingClient(platform.url, since, supervisor2, { layers: ['parking'] })
    const clients = [other, wall, zonesOnly, parkingOnly]
    try {
      await Promise.all(clients.map((c) => c.ready(1, WAIT_MS)))
      const zone = await create(polygon(square(106.7, 32.1, 0.004)), '推送')
      const saved = await call('PUT', `/api/zones/${zone.id}`, { ...zoneBody(polygon(square(106.7, 32.1, 0.005)), '推送改'), version: 1 })
      expect(saved.status).toBe(200)
      expect((await call('DELETE', `/api/zones/${zone.id}?version=2`)).status).toBe(204)
      const zoneEvents = (c: RecordingClient) => c.received.filter((e) => e.type.startsWith('zone.'))
      for (const c of [other, wall, zonesOnly]) await waitFor(() => zoneEvents(c).length >= 3, WAIT_MS, 'three zone events')
      for (const c of [other, wall, zonesOnly]) {
        expect(zoneEvents(c).map((e) => [e.type, (e.payload as { id: number }).id])).toEqual([
          ['zone.created', zone.id],
          ['zone.updated', zone.id],
          ['zone.deleted', zone.id],
        ])
      }
      const updated = zoneEvents(wall)[1]!
      expect(updated.type === 'zone.updated' && updated.payload.properties.name).toBe('推送改')
      expect(zoneEvents(parkingOnly)).toEqual([])
    } finally {
      for (const c of clients) c.close()
    }
  })
})
