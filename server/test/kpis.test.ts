import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KPI_SCORE_WEIGHTS, KpiRowsSchema, KpiSeriesSchema, kpiScore, type ErrorBody, type KpiRow } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
let cookie: string

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'supervisor')
})
afterAll(() => platform?.close())

interface CaseRow {
  department_code: string | null
  grid_code: string | null
  status: string
  dispatched_at: string
  feedback_at: string | null
  disposal_due_at: string | null
  rework_count: number
  extension_count: number
}

function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** The evaluation figures recomputed here from raw rows, independently of the SQL under test. */
function expectedFor(rows: CaseRow[]) {
  const due = rows.length
  const closed = rows.filter((r) => r.status === 'closed')
  const onTime = closed.filter((r) => r.feedback_at && r.disposal_due_at && r.feedback_at <= r.disposal_due_at)
  const deferred = rows.filter((r) => r.status === 'deferred').length
  const hours = rows
    .filter((r) => r.feedback_at)
    .map((r) => (Date.parse(r.feedback_at!) - Date.parse(r.dispatched_at)) / 3_600_000)
    .sort((a, b) => a - b)
  const base = due - deferred
  return {
    due,
    closed: closed.length,
    closedOnTime: onTime.length,
    deferred,
    closeRate: base ? closed.length / base : null,
    onTimeRate: base ? onTime.length / base : null,
    reworkRate: due ? rows.filter((r) => r.rework_count > 0).length / due : null,
    extensionRate: due ? rows.filter((r) => r.extension_count > 0).length / due : null,
    p50: quantile(hours, 0.5),
    p90: quantile(hours, 0.9),
  }
}

const FROM = '2026-10-25T00:00:00+08:00'
const TO = '2026-11-25T00:00:00+08:00'

describe('GET /api/kpis', () => {
  it.each(['department', 'grid'] as const)('per %s equals the figures recomputed from the cases', async (by) => {
    const res = await fetch(`${platform.url}/api/kpis?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&by=${by}`, {
      headers: { cookie },
    })
    expect(res.status).toBe(200)
    const rows = (await res.json()) as KpiRow[]
    const raw = await platform.backend.pool.query<CaseRow>(
      `SELECT department_code, grid_code, status, dispatched_at, feedback_at, disposal_due_at, rework_count, extension_count
       FROM cases WHERE dispatched_at >= $1 AND dispatched_at < $2`,
      [FROM, TO],
    )
    expect(raw.rows.length).toBeGreaterThan(50)
    const keyOf = (r: CaseRow) => (by === 'department' ? r.department_code : r.grid_code)
    const keys = [...new Set(raw.rows.map(keyOf))]
    expect(rows.length).toBe(keys.length + 1)
    const groups: [string | null, CaseRow[]][] = [...keys.map((k) => [k, raw.rows.filter((r) => keyOf(r) === k)] as [string | null, CaseRow[]])]
    for (const [key, group] of groups) {
      const row = rows.find((r) => r.key === key && r.name !== '合计')!
      const e = expectedFor(group)
      expect(row).toMatchObject({ due: e.due, closed: e.closed, closedOnTime: e.closedOnTime, deferred: e.deferred })
      for (const [got, want] of [
        [row.closeRate, e.closeRate],
        [row.onTimeRate, e.onTimeRate],
        [row.reworkRate, e.reworkRate],
        [row.extensionRate, e.extensionRate],
        [row.p50Hours, e.p50],
        [row.p90Hours, e.p90],
      ] as const) {
        if (want === null) expect(got).toBeNull()
        else expect(got).toBeCloseTo(want, 1)
      }
    }
    const total = rows.find((r) => r.name === '合计')!
    expect(total.key).toBeNull()
    expect(total.due).toBe(raw.rows.length)
    expect(total.closed).toBe(expectedFor(raw.rows).closed)
    if (by === 'department') expect(rows.find((r) => r.key === 'zhifa')?.name).toBe('综合行政执法大队')
  })

  const kpis = async (query: string) => {
    const res = await fetch(`${platform.url}/api/kpis?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&${query}`, { headers: { cookie } })
    expect(res.status).toBe(200)
    return res.json()
  }

  it.each(['onTimeRate', 'score'] as const)('ranks by %s, best first, ties sharing a place; each row scored by the configured weights', async (rank) => {
    const rows = KpiRowsSchema.parse(await kpis(`by=department&rank=${rank}`))
    const ranked = rows.filter((r) => r.rank !== null)
    expect(ranked.length).toBeGreaterThan(2)
    for (const [i, r] of ranked.entries()) {
      const prev = ranked[i - 1]
      if (prev) expect(r[rank]! <= prev[rank]!).toBe(true)
      expect(r.rank).toBe(prev && prev[rank] === r[rank] ? prev.rank : i + 1)
    }
    for (const r of rows) expect(r.score).toBe(kpiScore(r, DEFAULT_KPI_SCORE_WEIGHTS))
    expect(rows.at(-1)).toMatchObject({ key: null, rank: null })
  })

  it('answers a weekly series whose periods add up to the whole', async () => {
    const [whole, series] = await Promise.all([kpis('by=department'), kpis('by=department&interval=week')])
    const total = KpiRowsSchema.parse(whole).find((r) => r.key === null)!
    const weeks = KpiSeriesSchema.parse(series)
    expect(weeks.length).toBeGreaterThanOrEqual(4)
    expect(weeks[0]!.from).toBe(new Date(FROM).toISOString())
    expect(weeks.at(-1)!.to).toBe(new Date(TO).toISOString())
    for (const [i, w] of weeks.entries()) {
      if (i > 0) expect(w.from).toBe(weeks[i - 1]!.to)
      if (i > 0 && i < weeks.length - 1) expect(new Date(Date.parse(w.from) + 8 * 3_600_000).getUTCDay(), 'a week starts on Monday, county time').toBe(1)
    }
    const sum = (k: keyof KpiRow) => weeks.reduce((n, w) => n + (w.rows.find((r) => r.key === null)?.[k] as number), 0)
    expect(sum('due')).toBe(total.due)
    expect(sum('closed')).toBe(total.closed)
  })

  it('refuses a series of more periods than it holds, naming interval', async () => {
    const res = await fetch(`${platform.url}/api/kpis?from=2000-01-01&to=2026-11-01&interval=week`, { headers: { cookie } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.[0]?.field).toBe('query.interval')
  })

  it('rejects a period that ends before it starts', async () => {
    const res = await fetch(`${platform.url}/api/kpis?from=2026-11-20&to=2026-11-01`, { headers: { cookie } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.[0]?.field).toBe('query.to')
  })
})

describe('GET /api/kpis with an area', () => {
  const kpis = async (query: string) => {
    const res = await fetch(`${platform.url}/api/kpis?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&${query}`, { headers: { cookie } })
    expect(res.status, query).toBe(200)
    return res.json()
  }
  const towns = async () =>
    (await platform.backend.pool.query<{ id: number; zh: string; en: string }>('SELECT id, name_zh AS zh, name_en AS en FROM towns ORDER BY id')).rows

  it('town= scores only the cases inside the town; the towns add up to the county', async () => {
    let due = 0
    for (const town of await towns()) {
      const rows = KpiRowsSchema.parse(await kpis(`by=department&town=${encodeURIComponent(town.en)}`))
      const raw = await platform.backend.pool.query<CaseRow>(
        `SELECT c.department_code, c.grid_code, c.status, c.dispatched_at, c.feedback_at, c.disposal_due_at, c.rework_count, c.extension_count
         FROM cases c JOIN towns t ON ST_Covers(t.geom, c.geom)
         WHERE t.id = $3 AND c.dispatched_at >= $1 AND c.dispatched_at < $2`,
        [FROM, TO, town.id],
      )
      const total = rows.find((r) => r.key === null)!
      const e = expectedFor(raw.rows)
      expect(total, town.en).toMatchObject({ due: e.due, closed: e.closed, closedOnTime: e.closedOnTime, deferred: e.deferred })
      if (e.onTimeRate === null) expect(total.onTimeRate).toBeNull()
      else expect(total.onTimeRate).toBeCloseTo(e.onTimeRate, 6)
      expect(rows.filter((r) => r.key !== null).map((r) => r.key).sort(), town.en).toEqual(
        [...new Set(raw.rows.map((r) => r.department_code))].sort(),
      )
      due += total.due
    }
    const county = KpiRowsSchema.parse(await kpis('by=department')).find((r) => r.key === null)!
    expect(due).toBe(county.due)
    expect(due).toBeGreaterThan(50)
  })

  it('a bbox around the whole county answers as no area does, series included', async () => {
    const ext = await platform.backend.pool.query<{ b: string }>(
      `SELECT concat_ws(',', ST_XMin(geom) - 0.01, ST_YMin(geom) - 0.01, ST_XMax(geom) + 0.01, ST_YMax(geom) + 0.01) AS b
       FROM basemap_features WHERE kind = 'county'`,
    )
    const bbox = ext.rows[0]!.b
    expect(await kpis(`by=grid&bbox=${bbox}`)).toEqual(await kpis('by=grid'))
    expect(await kpis(`by=department&interval=week&bbox=${bbox}`)).toEqual(await kpis('by=department&interval=week'))
    // A small one scores fewer cases.
    const small = KpiRowsSchema.parse(await kpis('bbox=106.8,32.3,106.839,32.4')).find((r) => r.key === null)!
    const all = KpiRowsSchema.parse(await kpis('')).find((r) => r.key === null)!
    expect(small.due).toBeGreaterThan(0)
    expect(small.due).toBeLessThan(all.due)
  })
})

describe('the unit grid', () => {
  it('covers the built-up area with ~10,000 m² cells coded 511922 + 3 + 3 + 2 digits', async () => {
    const r = await platform.backend.pool.query<{ n: number; min: number; max: number; bad: number; uncovered: number }>(
      `SELECT count(*)::int AS n,
              min(ST_Area(geom::geography)) AS min, max(ST_Area(geom::geography)) AS max,
              count(*) FILTER (WHERE code !~ '^511922001[0-9]{5}$')::int AS bad,
              (SELECT ST_Area(ST_Difference(b.geom, ST_Union(g.geom))::geography)
                 FROM basemap_features b WHERE b.kind = 'built_up')::float8 AS uncovered
       FROM unit_grid g`,
    )
    const g = r.rows[0]!
    expect(g.n).toBeGreaterThan(500)
    expect(g.bad).toBe(0)
    expect(g.min).toBeGreaterThan(9_500)
    expect(g.max).toBeLessThan(10_500)
    expect(g.uncovered).toBeLessThan(1)
  })
})
