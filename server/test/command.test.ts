import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CommandSummarySchema,
  CommandTrendsSchema,
  PLAYBACK_BUCKET_MINUTES,
  PlaybackSchema,
  TownCollectionSchema,
  type CommandSummary,
  type ErrorBody,
} from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN, TEST_NOW } from './platform.ts'

let platform: Platform
let cookie: string

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

interface Summary {
  cases: { newToday: number; open: number; closedToday: number; overdue: number; closeRate: number | null; onTimeRate: number | null }
  dust: { activeAlarms: number; worstSite: { siteId: number; pm10: number } | null }
  parking: { total: number; free: number; occupied: number; closed: number; unknown: number; occupancy: number | null }
  vending: Record<string, number>
  structures: Record<string, number>
}

const rows = async <T>(sql: string) => (await platform.backend.pool.query(sql)).rows as T[]

/**
 * A site's dust alarm, tripped through ingest: two 15-minute PM10 means above the seeded rule's 150
 * µg/m³ on a day long before the seeded readings (so the latest readings, trends and playback keep theirs).
 */
async function tripDustAlarm(): Promise<void> {
  const [sensor] = await rows<{ code: string }>('SELECT code FROM dust_sensors WHERE site_id IS NOT NULL ORDER BY id LIMIT 1')
  const readings = ['09:00', '09:05', '09:15', '09:20'].map((t) => ({ sensorId: sensor!.code, at: `2026-11-02T${t}:00+08:00`, pm10: 400, pm25: 200 }))
  const res = await fetch(`${platform.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ readings }),
  })
  expect(res.status, await res.clone().text()).toBe(200)
  expect(((await res.json()) as { rejected: unknown[] }).rejected).toEqual([])
}

describe('GET /api/command/summary', () => {
  it('equals the same figures recomputed from the rows', async () => {
    // Something happens today (local time), so "today" figures are not all zero.
    await fetch(`${platform.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classCode: '0510', title: '露天烧烤', location: { type: 'Point', coordinates: [106.84, 32.356] } }),
    })
    await tripDustAlarm()
    const s = (await (await fetch(`${platform.url}/api/command/summary`, { headers: { cookie } })).json()) as Summary

    const cases = await rows<{ status: string; reported_at: string; closed_at: string | null; overdue: boolean; class_code: string; source: string }>(
      'SELECT status, reported_at, closed_at, overdue, class_code, source FROM cases',
    )
    const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
    const today = localDay(new Date().toISOString())
    const open = (i: { status: string }) => !['closed', 'cancelled'].includes(i.status)
    expect(s.cases.newToday).toBe(cases.filter((i) => localDay(i.reported_at) === today).length)
    expect(s.cases.newToday).toBeGreaterThan(0)
    expect(s.cases.open).toBe(cases.filter(open).length)
    expect(s.cases.closedToday).toBe(cases.filter((i) => i.status === 'closed' && i.closed_at && localDay(i.closed_at) === today).length)
    expect(s.cases.overdue).toBe(cases.filter((i) => open(i) && i.overdue).length)
    // Active alarms, not the cases they opened (a case stays open after its alarms clear).
    const alarms = await rows<{ n: number }>('SELECT count(*)::int AS n FROM dust_alarms WHERE cleared_at IS NULL')
    expect(alarms[0]!.n, 'the seeded city has an active dust alarm').toBeGreaterThan(0)
    expect(s.dust.activeAlarms).toBe(alarms[0]!.n)

    const spaces = await rows<{ status: string }>('SELECT status FROM parking_spaces')
    const n = (st: string) => spaces.filter((x) => x.status === st).length
    expect(s.parking).toEqual({
      total: spaces.length,
      free: n('free'),
      occupied: n('occupied'),
      closed: n('closed'),
      unknown: n('unknown'),
      occupancy: n('occupied') / (n('free') + n('occupied')),
    })

    const latest = await rows<{ site_id: number; pm10: number }>(
      `SELECT DISTINCT ON (r.sensor_id) s.site_id, r.pm10 FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE s.site_id IS NOT NULL ORDER BY r.sensor_id, r.read_at DESC`,
    )
    expect(s.dust.worstSite?.pm10).toBe(Math.max(...latest.map((l) => l.pm10)))

    const vending = await rows<{ status: string }>('SELECT status FROM vending_spots')
    for (const st of ['active', 'rectifying', 'cleared']) expect(s.vending[st]).toBe(vending.filter((v) => v.status === st).length)
    const structures = await rows<{ status: string }>('SELECT status FROM illegal_structures')
    for (const st of ['discovered', 'verified', 'notice_served', 'demolished']) {
      expect(s.structures[st]).toBe(structures.filter((v) => v.status === st).length)
    }
  })
})

describe('GET /api/command/trends', () => {
  it('counts the cases of the 24 hours before `at` per hour and class, and the worst sites’ hourly PM10', async () => {
    const at = TEST_NOW.toISOString()
    const t = CommandTrendsSchema.parse(
      await (await fetch(`${platform.url}/api/command/trends?at=${at}`, { headers: { cookie } })).json(),
    )
    const expected = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE reported_at > '${at}'::timestamptz - interval '24 hours' AND reported_at <= '${at}'`,
    )
    expect(t.casesPerHour.reduce((sum, r) => sum + r.count, 0)).toBe(expected[0]!.n)
    expect(t.pm10.length).toBe(3)
    for (const site of t.pm10) {
      expect(site.points.length).toBeGreaterThan(20)
      expect(site.points.length).toBeLessThanOrEqual(25)
    }
    const peaks = t.pm10.map((s) => Math.max(...s.points.map((p) => p.pm10)))
    expect(peaks).toEqual([...peaks].sort((a, b) => b - a))
  })
})

describe('GET /api/command/playback', () => {
  const get = (query: string) => fetch(`${platform.url}/api/command/playback${query}`, { headers: { cookie } })

  it('replays the cases open at some moment of the window and each monitor’s PM10 per bucket, as recomputed from the rows', async () => {
    const to = TEST_NOW.toISOString()
    const from = new Date(TEST_NOW.getTime() - 24 * 3_600_000).toISOString()
    const res = await get(`?from=${from}&to=${to}`)
    expect(res.status).toBe(200)
    const p = PlaybackSchema.parse(await res.json())
    expect(p.bucketMinutes).toBe(PLAYBACK_BUCKET_MINUTES)

    // Times as epoch ms from SQL, so the comparison does not depend on the driver's date parsing.
    const cases = await rows<{ id: string; reported: number; status: string; closed: number | null; cancelled: number | null }>(
      `SELECT i.id, extract(epoch FROM i.reported_at) * 1000 AS reported, i.status, extract(epoch FROM i.closed_at) * 1000 AS closed,
              extract(epoch FROM (SELECT max(h.at) FROM case_history h WHERE h.case_id = i.id AND h.action = 'cancel')) * 1000 AS cancelled
       FROM cases i`,
    )
    const ended = (i: (typeof cases)[number]) => (i.status === 'closed' ? i.closed : i.status === 'cancelled' ? i.cancelled : null)
    const expected = cases
      .filter((i) => Number(i.reported) <= Date.parse(to) && (ended(i) === null || Number(ended(i)) > Date.parse(from)))
      .map((i) => Number(i.id))
      .sort((a, b) => a - b)
    expect(expected.length).toBeGreaterThan(10)
    expect(p.cases.map((c) => c.id).sort((a, b) => a - b)).toEqual(expected)
    expect(p.truncated).toBe(false)
    const endedCase = p.cases.find((c) => c.endedAt !== null)
    expect(endedCase).toBeDefined()
    expect(Date.parse(endedCase!.endedAt!)).toBeGreaterThan(Date.parse(from))

    const readings = await rows<{ code: string; read_at: number; pm10: number }>(
      `SELECT s.code, extract(epoch FROM r.read_at) * 1000 AS read_at, r.pm10 FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE r.read_at >= '${from}' AND r.read_at <= '${to}'`,
    )
    expect(readings.length).toBeGreaterThan(0)
    const bucketMs = PLAYBACK_BUCKET_MINUTES * 60_000
    const sums = new Map<string, { sum: number; n: number }>()
    for (const r of readings) {
      const bucket = Date.parse(from) + Math.floor((Number(r.read_at) - Date.parse(from)) / bucketMs) * bucketMs
      const key = `${r.code}@${new Date(bucket).toISOString()}`
      const acc = sums.get(key) ?? { sum: 0, n: 0 }
      sums.set(key, { sum: acc.sum + r.pm10, n: acc.n + 1 })
    }
    const got = new Map<string, number>(p.sensors.flatMap((s) => s.readings.map((r) => [`${s.code}@${r.at}`, r.pm10] as [string, number])))
    expect([...got.keys()].sort()).toEqual([...sums.keys()].sort())
    for (const [key, { sum, n }] of sums) expect(got.get(key)).toBeCloseTo(sum / n, 1)
    const sensorCount = await rows<{ n: number }>('SELECT count(*)::int AS n FROM dust_sensors')
    expect(p.sensors.length).toBe(sensorCount[0]!.n)
  })

  it('defaults to the 24 hours before now', async () => {
    const before = Date.now()
    const p = PlaybackSchema.parse(await (await get('')).json())
    expect(Date.parse(p.to)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(p.to) - Date.parse(p.from)).toBe(24 * 3_600_000)
  })

  it.each([
    ['?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z', 'query.to', 'to must be after from'],
    ['?from=2026-11-20T00:00:00Z&to=2026-11-24T00:00:00Z', 'query.to', 'at most 48 hours'],
    ['?from=yesterday', 'query.from', ''],
  ])('rejects %s naming %s', async (query, field, reason) => {
    const res = await get(query)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { field: string; reason: string }[] } }
    const detail = body.error.details.find((d) => d.field === field)
    expect(detail).toBeDefined()
    expect(detail!.reason).toContain(reason)
  })
})

describe('towns and areas', () => {
  const getJson = async (path: string) => {
    const res = await fetch(`${platform.url}${path}`, { headers: { cookie } })
    expect(res.status, path).toBe(200)
    return res.json()
  }
  const summary = async (query = '') => CommandSummarySchema.parse(await getJson(`/api/command/summary${query}`))
  const towns = async () => TownCollectionSchema.parse(await getJson('/api/towns'))
  /** What a summary says apart from its clock (`at`, the period), for comparing two answers. */
  const figures = (s: CommandSummary) => ({ ...s, at: undefined, cases: { ...s.cases, period: undefined } })

  /**
   * The summary's figures recomputed from the rows whose geometry satisfies `inside(geom)` (an SQL
   * condition written here, not the server's `in_area`): a feature lies where its point (on surface) does.
   */
  async function figuresInside(inside: (geom: string) => string) {
    const cases = await rows<{ status: string; reported_at: string; closed_at: string | null; overdue: boolean; class_code: string; source: string }>(
      `SELECT status, reported_at, closed_at, overdue, class_code, source FROM cases c WHERE ${inside('c.geom')}`,
    )
    const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
    const today = localDay(new Date().toISOString())
    const open = (i: { status: string }) => !['closed', 'cancelled'].includes(i.status)
    const spaces = await rows<{ status: string }>(
      `SELECT s.status FROM parking_spaces s JOIN parking_lots l ON l.id = s.lot_id WHERE ${inside('ST_PointOnSurface(l.geom)')}`,
    )
    const n = (st: string) => spaces.filter((x) => x.status === st).length
    const latest = await rows<{ pm10: number }>(
      `SELECT DISTINCT ON (r.sensor_id) r.pm10 FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE s.site_id IS NOT NULL AND ${inside('s.geom')} ORDER BY r.sensor_id, r.read_at DESC`,
    )
    const byStatus = async (table: string, statuses: string[]) => {
      const found = await rows<{ status: string }>(`SELECT status FROM ${table} f WHERE ${inside('ST_PointOnSurface(f.geom)')}`)
      return Object.fromEntries(statuses.map((st) => [st, found.filter((f) => f.status === st).length]))
    }
    return {
      cases: {
        newToday: cases.filter((i) => localDay(i.reported_at) === today).length,
        open: cases.filter(open).length,
        closedToday: cases.filter((i) => i.status === 'closed' && i.closed_at && localDay(i.closed_at) === today).length,
        overdue: cases.filter((i) => open(i) && i.overdue).length,
      },
      activeAlarms: (
        await rows<{ n: number }>(
          `SELECT count(*)::int AS n FROM dust_alarms a JOIN construction_sites site ON site.id = a.site_id
           WHERE a.cleared_at IS NULL AND ${inside('ST_PointOnSurface(site.geom)')}`,
        )
      )[0]!.n,
      worstPm10: latest.length ? Math.max(...latest.map((l) => l.pm10)) : null,
      parking: {
        total: spaces.length,
        free: n('free'),
        occupied: n('occupied'),
        closed: n('closed'),
        unknown: n('unknown'),
        occupancy: n('free') + n('occupied') ? n('occupied') / (n('free') + n('occupied')) : null,
      },
      vending: await byStatus('vending_spots', ['active', 'rectifying', 'cleared']),
      structures: await byStatus('illegal_structures', ['discovered', 'verified', 'notice_served', 'demolished']),
    }
  }

  it('GET /api/towns: the derived towns, each with the open and overdue cases inside, adding up to the county', async () => {
    // A case far from the seat, so more than one town has cases of today.
    const reported = await fetch(`${platform.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ classCode: '0501', title: '长赤镇 test', source: 'hotline', location: { type: 'Point', coordinates: [106.521, 32.076] } }),
    })
    expect(reported.status).toBe(201)
    const t = await towns()
    const points = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM basemap_features WHERE kind = 'town'`)
    expect(t.features.length).toBe(points[0]!.n)
    for (const town of t.features) {
      expect(town.properties).toMatchObject({ id: town.id, approximate: true, source: expect.stringMatching(/Voronoi/) })
      const inside = await rows<{ open: number; overdue: number }>(
        `SELECT count(*) FILTER (WHERE c.status NOT IN ('closed', 'cancelled'))::int AS open,
                count(*) FILTER (WHERE c.status NOT IN ('closed', 'cancelled') AND c.overdue)::int AS overdue
         FROM cases c JOIN towns t ON ST_Covers(t.geom, c.geom) WHERE t.id = ${town.id}`,
      )
      expect([town.properties.openCases, town.properties.overdueCases], town.properties.name.en).toEqual([inside[0]!.open, inside[0]!.overdue])
    }
    expect(t.features.find((f) => f.properties.name.en === 'Changchi')!.properties.openCases).toBeGreaterThan(0)
    const county = await rows<{ open: number }>(
      `SELECT count(*)::int AS open FROM cases c JOIN basemap_features b ON b.kind = 'county' AND ST_Covers(b.geom, c.geom)
       WHERE c.status NOT IN ('closed', 'cancelled')`,
    )
    const sum = t.features.reduce((n, f) => n + f.properties.openCases, 0)
    expect(sum).toBe(county[0]!.open)
    expect(sum).toBe((await summary()).cases.open)
  })

  it('summary?town= equals the figures recomputed inside the town, for every town; the towns add up to the county', async () => {
    const all = await towns()
    const county = await summary()
    const parts: CommandSummary[] = []
    for (const town of all.features) {
      const s = await summary(`?town=${encodeURIComponent(town.properties.name.en)}`)
      parts.push(s)
      const want = await figuresInside((g) => `ST_Covers((SELECT geom FROM towns WHERE id = ${town.id}), ${g})`)
      const name = town.properties.name.en
      expect(s.cases, name).toMatchObject(want.cases)
      expect(s.dust.activeAlarms, name).toBe(want.activeAlarms)
      expect(s.dust.worstSite?.pm10 ?? null, name).toBe(want.worstPm10)
      expect(s.parking, name).toEqual(want.parking)
      expect(s.vending, name).toEqual(want.vending)
      expect(s.structures, name).toEqual(want.structures)
      // 结案率 and 按期结案率 are those of /api/kpis for the same town and period.
      const kpiTotal = ((await getJson(
        `/api/kpis?from=${encodeURIComponent(s.cases.period.from)}&to=${encodeURIComponent(s.cases.period.to)}&town=${encodeURIComponent(name)}`,
      )) as { key: string | null; closeRate: number | null; onTimeRate: number | null }[]).find((r) => r.key === null)!
      expect([s.cases.closeRate, s.cases.onTimeRate], name).toEqual([kpiTotal.closeRate, kpiTotal.onTimeRate])
    }
    const total = (pick: (s: CommandSummary) => number) => parts.reduce((n, s) => n + pick(s), 0)
    expect(total((s) => s.cases.open)).toBe(county.cases.open)
    expect(total((s) => s.cases.newToday)).toBe(county.cases.newToday)
    expect(total((s) => s.dust.activeAlarms)).toBe(county.dust.activeAlarms)
    expect(total((s) => s.parking.total)).toBe(county.parking.total)
    expect(total((s) => s.vending.active + s.vending.rectifying + s.vending.cleared)).toBe(
      county.vending.active + county.vending.rectifying + county.vending.cleared,
    )
    expect(total((s) => s.structures.discovered + s.structures.demolished)).toBe(county.structures.discovered + county.structures.demolished)
    // More than one town has something to show: the split is not all in one place.
    expect(parts.filter((s) => s.cases.open > 0).length).toBeGreaterThan(1)
    expect(parts.filter((s) => s.vending.active + s.vending.rectifying + s.vending.cleared > 0).length).toBeGreaterThan(1)
  })

  it('names a town in Chinese or English, with or without 镇 or its note, in any case', async () => {
    const want = figures(await summary(`?town=${encodeURIComponent('南江镇（县城）')}`))
    for (const name of ['南江', '南江镇', ' 南江镇（示意） ', 'Nanjiang', 'NANJIANG (approx.)', 'Nanjiang (county seat)']) {
      expect(figures(await summary(`?town=${encodeURIComponent(name)}`)), name).toEqual(want)
    }
  })

  it('a bbox counts what lies inside it; one around the whole county answers as no area does', async () => {
    const ext = await rows<{ x0: number; y0: number; x1: number; y1: number }>(
      `SELECT ST_XMin(geom) - 0.01 AS x0, ST_YMin(geom) - 0.01 AS y0, ST_XMax(geom) + 0.01 AS x1, ST_YMax(geom) + 0.01 AS y1
       FROM basemap_features WHERE kind = 'county'`,
    )
    const { x0, y0, x1, y1 } = ext[0]!
    const countyBbox = `${x0},${y0},${x1},${y1}`
    expect(figures(await summary(`?bbox=${countyBbox}`))).toEqual(figures(await summary()))
    const at = TEST_NOW.toISOString()
    expect(await getJson(`/api/command/trends?at=${at}&bbox=${countyBbox}`)).toEqual(await getJson(`/api/command/trends?at=${at}`))

    // The seat's west half: some of the seat's cases, not all.
    const west = [106.8, 32.3, 106.839, 32.4] as const
    const s = await summary(`?bbox=${west.join(',')}`)
    const want = await figuresInside((g) => `ST_Covers(ST_MakeEnvelope(${west.join(', ')}, 4326), ${g})`)
    expect(s.cases).toMatchObject(want.cases)
    expect(s.parking).toEqual(want.parking)
    expect(s.vending).toEqual(want.vending)
    expect(s.cases.open).toBeGreaterThan(0)
    expect(s.cases.open).toBeLessThan((await summary()).cases.open)
  })

  it('trends?town= counts the cases reported inside the town and ranks only its sites', async () => {
    const at = TEST_NOW.toISOString()
    const all = await towns()
    let sum = 0
    for (const town of all.features) {
      const t = CommandTrendsSchema.parse(await getJson(`/api/command/trends?at=${at}&town=${encodeURIComponent(town.properties.name.zh)}`))
      const inTown = `ST_Covers((SELECT geom FROM towns WHERE id = ${town.id}), geom)`
      const expected = await rows<{ n: number }>(
        `SELECT count(*)::int AS n FROM cases
         WHERE reported_at > '${at}'::timestamptz - interval '24 hours' AND reported_at <= '${at}' AND ${inTown}`,
      )
      const count = t.casesPerHour.reduce((n, r) => n + r.count, 0)
      expect(count, town.properties.name.en).toBe(expected[0]!.n)
      sum += count
      const sites = await rows<{ site_id: number }>(`SELECT DISTINCT site_id::int FROM dust_sensors WHERE site_id IS NOT NULL AND ${inTown}`)
      for (const site of t.pm10) expect(sites.map((r) => r.site_id), town.properties.name.en).toContain(site.siteId)
    }
    const county = CommandTrendsSchema.parse(await getJson(`/api/command/trends?at=${at}`))
    expect(sum).toBe(county.casesPerHour.reduce((n, r) => n + r.count, 0))
  })

  it.each(['/api/command/summary', '/api/command/trends', '/api/kpis'])('%s refuses both areas, an unknown town and a bad bbox, naming the field', async (path) => {
    for (const [query, field, reason] of [
      ['town=长赤&bbox=106.8,32.3,106.9,32.4', 'query.town', 'give either town or bbox, not both'],
      [`town=${encodeURIComponent('成都')}`, 'query.town', 'no town named 成都'],
      ['bbox=106.9,32.3,106.8,32.4', 'query.bbox', 'minLon must be less than maxLon'],
      ['bbox=1,2,3', 'query.bbox', 'four numbers'],
    ]) {
      const res = await fetch(`${platform.url}${path}?${query}`, { headers: { cookie } })
      expect(res.status, query).toBe(400)
      const body = (await res.json()) as ErrorBody
      expect(body.error.details?.find((d) => d.field === field)?.reason, query).toContain(reason)
    }
  })
})
