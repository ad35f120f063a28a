import { CaseListSchema, COUNTY, CommandTrendsSchema, DustAlarmSchema, PlaybackSchema, TownCollectionSchema, type BBox, type Town } from '@citygrid/shared'
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DUST_ROWS, OVERDUE_ROWS } from '../src/features/command/alarms.ts'
import { FEED_CAP } from '../src/features/command/case-feed.ts'
import { waitForMapReady } from './chromium.ts'
import { DEMO_PASSWORD, issueDisplayToken, keepScreenshot, POLL, startWorld, type World } from './harness.ts'
import { decodePng, distinctColours } from './png.ts'

/**
 * The command-centre wall screen against the real platform: a 3840×2160 screen signs in once with its
 * display token in the address, shows the server's figures and the live case feed, never scrolls, and
 * is still signed in after a reload without the token.
 */

const WALL = { width: 3840, height: 2160 }

let world: World
let page: Page

let operatorCookie: string | undefined
const INGEST_TOKEN = 'e2e-command-ingest-token-0123'

/** PM10 readings of one monitor through the HTTP ingest, at these local (China) times. */
async function ingestPm10(sensorId: string, localTimes: string[], pm10: number): Promise<void> {
  const readings = localTimes.map((t) => ({ sensorId, at: new Date(`${t}:00+08:00`).toISOString(), pm10, pm25: pm10 / 2 }))
  const res = await fetch(`${world.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
    body: JSON.stringify({ readings }),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

/** The operator's session cookie, through the API (sessions live in the database: it outlasts a platform restart). */
async function operator(): Promise<string> {
  if (operatorCookie) return operatorCookie
  const login = await fetch(`${world.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: DEMO_PASSWORD }),
  })
  expect(login.status).toBe(200)
  operatorCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  return operatorCookie
}

/**
 * Report a case as the command centre's operator takes a hotline call, through the API; the server's
 * answer. (A citizen's own report reaches the wall only once filed: see that test.)
 */
async function postCase(title: string, lng: number, lat = 32.353): Promise<{ id: number; caseNumber: string; gridCode?: string | null }> {
  const res = await fetch(`${world.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await operator() },
    body: JSON.stringify({ classCode: '0501', title, description: '端到端测试', source: 'hotline', location: { type: 'Point', coordinates: [lng, lat] } }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as { id: number; caseNumber: string; gridCode?: string | null }
}

async function waitForWall(): Promise<void> {
  await page.locator('[data-testid=kpis][data-ready=true]').waitFor({ timeout: 60_000 })
  await waitForMapReady(page)
}

/** The wall's session asks the API (a display's view of the cases). */
async function api<T>(path: string, parse: (body: unknown) => T = (b) => b as T): Promise<T> {
  const res = await page.request.get(`${world.url}${path}`)
  expect(res.status(), path).toBe(200)
  return parse(await res.json())
}

/** The towns as the API has them now, and the one whose name is `zh`. */
async function towns(): Promise<Town[]> {
  return (await api('/api/towns', (b) => TownCollectionSchema.parse(b))).features
}

/**
 * Whether the map's view is fitted to `extent`: all of it in sight, and filling the view in one
 * direction (fitBounds leaves a 20 px margin, and the other direction follows the screen's shape).
 */
function fittedTo(extent: BBox): Promise<boolean> {
  return page.evaluate(([w, s, e, n]) => {
    const map = (window as unknown as { __citygrid: { map: { getBounds(): { toArray(): [[number, number], [number, number]] } } | null } }).__citygrid.map
    if (!map) return false
    const [[vw, vs], [ve, vn]] = map.getBounds().toArray()
    const inside = vw <= w && vs <= s && ve >= e && vn >= n
    return inside && Math.max((e - w) / (ve - vw), (n - s) / (vn - vs)) > 0.9
  }, extent)
}

/** What every `[data-kpi]` should show of a `/api/command/summary` answer. */
function expectedKpis(summary: Record<string, Record<string, unknown>>): Record<string, string | null> {
  const expected: Record<string, string | null> = {}
  for (const k of ['newToday', 'open', 'closedToday', 'overdue', 'closeRate', 'onTimeRate']) expected[`cases.${k}`] = String(summary.cases![k])
  expected['dust.activeAlarms'] = String(summary.dust!.activeAlarms)
  expected['dust.worstSite'] = summary.dust!.worstSite === null ? null : String((summary.dust!.worstSite as { pm10: number }).pm10)
  expected['parking.occupancy'] = String(summary.parking!.occupancy)
  expected['parking.free'] = String(summary.parking!.free)
  for (const k of ['active', 'rectifying', 'cleared']) expected[`vending.${k}`] = String(summary.vending![k])
  for (const k of ['discovered', 'verified', 'notice_served', 'demolished']) expected[`structures.${k}`] = String(summary.structures![k])
  for (const k of ['received', 'onTimeReplyRate', 'satisfactionRate']) expected[`complaints.${k}`] = String(summary.complaints![k])
  const byChannel = summary.complaints!.byChannel as Record<string, number>
  for (const c of ['12345', '12319', 'letter', 'visit', 'online']) expected[`complaints.byChannel.${c}`] = String(byChannel[c])
  return expected
}

/** Every `[data-kpi]` on the page: its key and the raw value it shows. */
function shownKpis(): Promise<Record<string, string | null>> {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map((el) => [el.getAttribute('data-kpi')!, el.getAttribute('data-value')])),
  )
}

/**
 * Whether every `[data-kpi]` shows the figure of the API's summary at `path` — both asked again each
 * time (readings and cases move them meanwhile, and the wall follows); what differs, when they do.
 */
async function kpisAsApi(path: string): Promise<string> {
  const sorted = (o: Record<string, string | null>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))))
  const [shown, expected] = [sorted(await shownKpis()), sorted(expectedKpis(await api(path)))]
  return shown === expected ? 'the same' : `shown ${shown}, api ${expected}`
}

/** The wall's header status: what it says now (connection lost, notices), each as `data-status: text`. */
function wallStatus(): Promise<string[]> {
  return page.locator('[data-testid=wall-status] li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-status')}: ${e.textContent?.trim()}`))
}

/** The "更新于" stamps of the panels marked stale, and of all panels. */
async function staleStamps(): Promise<{ stale: number; all: number }> {
  return { stale: await page.locator('[data-stamp][data-stale=true]').count(), all: await page.locator('[data-stamp]').count() }
}

/**
 * The rows of a list inside a panel, in order, with whether each is wholly inside the panel's box (the
 * wall shows whole rows and hides the rest, never scrolling).
 */
function rowsOf(panel: string, row = 'li'): Promise<{ key: string | null; shown: boolean }[]> {
  return page.locator(panel).evaluate((el, row) => {
    const box = el.getBoundingClientRect()
    return [...el.querySelectorAll(row)].map((li) => {
      const r = li.getBoundingClientRect()
      const shown = r.height > 0 && r.left >= box.left && r.right <= box.right + 0.5 && r.top >= box.top && r.bottom <= box.bottom + 0.5
      const alarm = li.getAttribute('data-alarm')
      return { key: alarm === null ? (li.getAttribute('data-case-number') ?? li.getAttribute('data-department')) : `alarm:${alarm}`, shown }
    })
  }, row)
}

beforeAll(async () => {
  // Cases past their deadline are flagged (and pushed) within half a second, and dust readings come
  // in with a token, for the alarms panel's test.
  world = await startWorld({ env: { OVERDUE_CHECK_MS: '500', INGEST_TOKEN } })
  page = world.page
  await page.setViewportSize(WALL)
})

afterAll(async () => {
  await world?.close()
})

describe('command-centre wall screen', () => {
  it('signs in with the display token in the address and drops it from there', async () => {
    const token = await issueDisplayToken(world, 'e2e 指挥中心主屏')
    await page.goto(`${world.url}/command?display=${encodeURIComponent(token)}`)
    await page.waitForURL((u) => u.pathname === '/command' && !u.searchParams.has('display'))
    await waitForWall()
    expect(await page.locator('[data-testid=app-header]').count(), 'no staff header on the wall').toBe(0)
    expect(await page.locator('[data-testid=command]').getAttribute('data-layout')).toBe('standard')
  })

  it('shows the server summary, fits the screen without scrolling, and is not blank', async () => {
    await expect.poll(() => kpisAsApi('/api/command/summary'), POLL).toBe('the same')
    const summary = await api<{ cases: { open: number } }>('/api/command/summary')
    // What is read from the wall is the same figure.
    await expect.poll(() => page.locator('[data-kpi="cases.open"] dd').innerText(), POLL).toBe(summary.cases.open.toLocaleString('zh-CN'))

    const overflow = await page.evaluate(() => ({
      sw: document.documentElement.scrollWidth,
      sh: document.documentElement.scrollHeight,
      w: window.innerWidth,
      h: window.innerHeight,
    }))
    expect(overflow.w).toBe(WALL.width)
    expect(overflow.sw).toBeLessThanOrEqual(overflow.w)
    expect(overflow.sh).toBeLessThanOrEqual(overflow.h)

    await expect.poll(() => page.locator('[data-testid=case-feed] li').count(), { ...POLL, message: 'the feed starts with the open cases' }).toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-testid=connection]').getAttribute('data-state'), POLL).toBe('connected')
    expect(await page.locator('[data-testid=notices] li').count(), 'no pop-up notices on the wall').toBe(0)
    await expect.poll(wallStatus, { ...POLL, message: 'nothing wrong to say' }).toEqual([])

    const img = decodePng(await keepScreenshot(page, 'command-3840x2160'))
    expect(img.width).toBe(WALL.width)
    const map = await page.locator('[data-testid=map]').boundingBox()
    const [x0, y0, x1, y1] = [map!.x + 10, map!.y + 10, map!.x + map!.width - 10, map!.y + map!.height - 10].map(Math.round) as [number, number, number, number]
    expect(distinctColours(img, x0, y0, x1, y1), 'the dark map is drawn, with its layers').toBeGreaterThan(40)
  })

  it('opens on the whole county, each town shaded by its open cases as /api/towns counts them', async () => {
    const basemap = await api<{ features: { geometry: { type: string; coordinates: unknown }; properties: { kind: string } }[] }>('/api/basemap')
    const county = turfBbox({ type: 'FeatureCollection', features: basemap.features.filter((f) => f.properties.kind === 'county').map((f) => ({ type: 'Feature', geometry: f.geometry, properties: {} })) } as never) as BBox
    await expect.poll(() => fittedTo(county), { ...POLL, message: 'the county outline’s extent' }).toBe(true)
    // What deck.gl drew (the last frame's shading) against the API, both asked again: cases move the counts.
    const shaded = async () => {
      const drawn = await page.evaluate(() => (window as unknown as { __citygrid: { towns: unknown } }).__citygrid.towns)
      const expected = (await towns()).map((t) => ({ id: t.id, openCases: t.properties.openCases }))
      return JSON.stringify(drawn) === JSON.stringify(expected) ? 'the same' : JSON.stringify({ drawn, expected })
    }
    await expect.poll(shaded, POLL).toBe('the same')
    const all = await towns()
    expect(all.length, 'towns tile the county').toBeGreaterThan(3)
    expect(all.some((t) => t.properties.openCases > 0)).toBe(true)
    // The legend's classes cover every town's count, and say the derived areas are approximate.
    const legend = page.locator('[data-testid=town-legend]')
    expect(await legend.getAttribute('data-approximate')).toBe(String(all.some((t) => t.properties.approximate)))
    const max = Math.max(...(await legend.locator('li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-max'))))))
    expect(max).toBe(Math.max(...all.map((t) => t.properties.openCases)))
    if (all.some((t) => t.properties.approximate)) expect(await legend.innerText()).toContain('乡镇范围为示意')
  })

  it('draws the 24-hour trends beside the map: every case of the hours shown, the worst sites’ PM10', async () => {
    const cases = page.locator('[data-testid=trend-cases]')
    await page.locator('[data-testid=trend-cases][data-ready=true]').waitFor()
    await page.locator('[data-testid=trend-pm10][data-ready=true]').waitFor()
    // The bars are the 24 clock hours ending with this one; the server's window (the 24 h before now)
    // starts inside the hour before them, whose cases the chart leaves out and says so (data-outside).
    const shown = async () => {
      const res = await page.request.get(`${world.url}/api/command/trends`)
      expect(res.status()).toBe(200)
      const trends = CommandTrendsSchema.parse(await res.json())
      const from = Date.parse((await cases.getAttribute('data-from'))!)
      const inChart = trends.casesPerHour.filter((r) => Date.parse(r.hour) >= from)
      return {
        total: Number(await cases.getAttribute('data-total')),
        expected: inChart.reduce((sum, r) => sum + r.count, 0),
        all: trends.casesPerHour.reduce((sum, r) => sum + r.count, 0),
        outside: Number(await cases.getAttribute('data-outside')),
      }
    }
    await expect.poll(async () => {
      const s = await shown()
      return s.total === s.expected && s.total > 0
    }, POLL).toBe(true)
    const s = await shown()
    expect(s.total).toBe(s.expected)
    expect(s.total + s.outside, 'the chart counts every case of the server’s answer, drawn or not').toBeGreaterThanOrEqual(s.all)
    // The map keeps most of the middle column.
    const map = (await page.locator('[data-testid=map]').boundingBox())!
    const chart = (await cases.boundingBox())!
    expect(chart.height).toBeGreaterThan(100)
    expect(map.height).toBeGreaterThan(2 * chart.height)
  })

  it('puts a new case on top of the feed within 2 s, flashing', async () => {
    const title = `e2e 大屏：东门广场占道经营 ${Date.now()}`
    const cookie = await operator()
    const posted = Date.now()
    const res = await fetch(`${world.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ classCode: '0501', title, description: '端到端测试', source: 'hotline', location: { type: 'Point', coordinates: [106.843, 32.353] } }),
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: number }
    // Waited for generously, then timed: a slow run fails saying how slow, not with a bare timeout.
    await page.locator(`[data-testid=case-feed] li.fresh[data-case="${id}"]`, { hasText: title }).waitFor()
    const elapsed = Date.now() - posted
    expect(elapsed, `the case was on the wall ${elapsed} ms after its report`).toBeLessThan(2_000)
    expect(await page.locator('[data-testid=case-feed] li').first().getAttribute('data-case')).toBe(String(id))
    // The feed says it: no notice pops up over the panels (it would be there by now), nor in the header.
    expect(await page.locator('[data-testid=notices] li').count(), 'no pop-up notice covers the panels').toBe(0)
    expect((await wallStatus()).filter((s) => s.startsWith('case'))).toEqual([])
    // The summary follows (throttled to one request per 2 s).
    const after = (await (await page.request.get(`${world.url}/api/command/summary`)).json()) as { cases: { open: number } }
    await expect.poll(() => page.locator('[data-kpi="cases.open"]').getAttribute('data-value'), POLL).toBe(String(after.cases.open))
  })

  it('says in its header when a panel cannot load, and takes it back by itself once the panel loads', async () => {
    const status = '[data-testid=wall-status] [data-status="load:command.summary"]'
    await page.route('**/api/command/summary', (route) => route.abort())
    try {
      await postCase(`e2e 大屏：统计加载失败 ${Date.now()}`, 106.842) // a case moves the figures: the summary reloads, and fails
      await page.locator(status, { hasText: '统计数据加载失败' }).waitFor()
    } finally {
      await page.unroute('**/api/command/summary')
    }
    await postCase(`e2e 大屏：统计恢复 ${Date.now()}`, 106.844) // the next reload goes through
    await expect.poll(wallStatus, { ...POLL, message: 'the status clears itself' }).toEqual([])
  })

  it('lists the active dust alarms and the longest overdue cases, as the API says, and follows them live', async () => {
    const list = '[data-testid=alarm-list]'
    const get = async (path: string) => {
      const res = await page.request.get(`${world.url}${path}`)
      expect(res.status(), path).toBe(200)
      return res.json()
    }
    // The API's answer to the wall's own session: the sites' active dust alarms (alarms, not cases),
    // newest first, then the open overdue cases, the earliest deadline first; and what the wall shows.
    const expected = async () => {
      const dust = DustAlarmSchema.array().parse(await get('/api/dust/alarms'))
      const overdue = CaseListSchema.parse(await get(`/api/cases?overdue=true&open=true&sort=deadlineAt&limit=${OVERDUE_ROWS}`))
      return {
        rows: [...dust.slice(0, DUST_ROWS).map((a) => `alarm:${a.id}`), ...overdue.items.map((c) => c.caseNumber)],
        dust: String(dust.length),
        overdue: String(overdue.total),
      }
    }
    const shown = async () => ({
      rows: (await rowsOf(list)).map((r) => r.key),
      dust: await page.locator(list).getAttribute('data-dust'),
      overdue: await page.locator(list).getAttribute('data-overdue'),
    })
    // Both asked again each time: the server may flag a case overdue meanwhile, and the wall follow it.
    const same = async () => {
      const [s, e] = [await shown(), await expected()]
      return JSON.stringify(s) === JSON.stringify(e) ? 'the same' : JSON.stringify({ shown: s, api: e })
    }
    await expect.poll(same, POLL).toBe('the same')
    expect(Number((await expected()).overdue), 'the demo county has overdue cases').toBeGreaterThan(0)
    // Whole rows, the first ones, as many as fit; the rest hidden, never a scrollbar.
    const rows = await rowsOf(list)
    const visible = rows.filter((r) => r.shown).length
    expect(visible).toBeGreaterThanOrEqual(3)
    expect(rows.slice(0, visible).every((r) => r.shown)).toBe(true)

    // A case falls overdue (its clock ran out long ago): the server flags and pushes it, and the list
    // shows it first, without a reload. Filed, it has a new clock and leaves the list.
    const { id, caseNumber } = await postCase(`e2e 大屏：超期 ${Date.now()}`, 106.846)
    await world.query(`UPDATE cases SET deadline_at = now() - interval '400 days' WHERE id = $1`, [id])
    const first = () => page.locator(`${list} li[data-kind=overdue]`).first().getAttribute('data-case-number')
    await expect.poll(first, POLL).toBe(caseNumber)
    await expect.poll(same, POLL).toBe('the same')
    const filed = await fetch(`${world.url}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await operator() },
      body: JSON.stringify({ action: 'file' }),
    })
    expect(filed.status, await filed.clone().text()).toBe(200)
    await expect.poll(() => page.locator(`${list} li[data-case-number="${caseNumber}"]`).count(), POLL).toBe(0)
    await expect.poll(same, POLL).toBe('the same')

    // A site's dust alarm trips (two 15-minute PM10 means far above the seeded rule's limit, two days
    // ago: before the seeded day of readings) and clears after an hour's calm: the list and the KPI
    // follow each, without a reload — the alarm, not the case it opened, which stays open.
    const [site] = await world.query<{ code: string; name: string }>(
      `SELECT d.code, s.name FROM dust_sensors d JOIN construction_sites s ON s.id = d.site_id
        WHERE NOT EXISTS (SELECT 1 FROM dust_alarms a WHERE a.site_id = s.id) ORDER BY d.id LIMIT 1`,
    )
    const day = new Date(Date.now() + 8 * 3_600_000 - 2 * 86_400_000).toISOString().slice(0, 10)
    await ingestPm10(site!.code, ['10:00', '10:05', '10:15', '10:20'].map((t) => `${day}T${t}`), 400)
    const alarms = DustAlarmSchema.array().parse(await get('/api/dust/alarms'))
    const alarm = alarms.find((a) => a.siteName === site!.name)
    expect(alarm, 'the alarm tripped').toBeDefined()
    const row = page.locator(`${list} li[data-alarm="${alarm!.id}"]`)
    await expect.poll(() => row.count(), POLL).toBe(1)
    expect(await row.innerText()).toContain(site!.name)
    await expect.poll(same, POLL).toBe('the same')
    const activeKpi = () => page.locator('[data-kpi="dust.activeAlarms"]').getAttribute('data-value')
    await expect.poll(activeKpi, POLL).toBe(String(alarms.length))

    const calm = Array.from({ length: 21 }, (_, i) => 30 + i * 3).map((m) => `${day}T${String(10 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`)
    await ingestPm10(site!.code, calm, 50)
    await expect.poll(() => row.count(), POLL).toBe(0)
    await expect.poll(same, POLL).toBe('the same')
    await expect.poll(activeKpi, POLL).toBe(String(alarms.length - 1))
    const [opened] = await world.query<{ open: boolean }>('SELECT case_is_open(status) AS open FROM cases WHERE id = $1', [alarm!.caseId])
    expect(opened!.open, 'its case stays open').toBe(true)
  })

  it('ranks the departments by 按期结案率 as /api/kpis says, every one in sight', async () => {
    const ranking = page.locator('[data-testid=ranking]')
    await ranking.locator('li').first().waitFor()
    const from = (await ranking.getAttribute('data-from'))!
    const res = await page.request.get(`${world.url}/api/kpis?by=department&from=${encodeURIComponent(from)}`)
    expect(res.status()).toBe(200)
    const departments = ((await res.json()) as { key: string | null; onTimeRate: number | null }[]).filter((r) => r.key !== null)
    const shown = await ranking.locator('li').evaluateAll((els) => els.map((e) => ({ code: e.getAttribute('data-department'), rate: e.getAttribute('data-rate') })))
    expect(shown.map((r) => r.code).sort()).toEqual(departments.map((d) => d.key).sort())
    for (const row of shown) {
      const rate = departments.find((d) => d.key === row.code)!.onTimeRate
      expect(row.rate, row.code!).toBe(rate === null ? null : String(rate))
    }
    const rates = shown.map((r) => (r.rate === null ? -1 : Number(r.rate)))
    expect(rates, 'best first, those without a rate last').toEqual([...rates].sort((a, b) => b - a))
    expect((await rowsOf('[data-testid=ranking]')).every((r) => r.shown)).toBe(true)
  })

  it('shows a citizen\'s own report only once an operator has filed it (立案), then on top of the feed, flashing', async () => {
    const title = `e2e 大屏：市民举报 ${Date.now()}`
    const res = await fetch(`${world.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classCode: '0501', title, description: '端到端测试', location: { type: 'Point', coordinates: [106.845, 32.354] } }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    const { id } = (await res.json()) as { id: number }
    // A sleep that proves something did not happen: a case reported by staff is on the wall within
    // 2 s (the test above); this one must still be absent after 3 s.
    await new Promise((r) => setTimeout(r, 3_000))
    expect(await page.locator(`[data-testid=case-feed] li[data-case="${id}"]`).count(), 'an unfiled citizen report is not on the wall').toBe(0)
    const filed = await fetch(`${world.url}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await operator() },
      body: JSON.stringify({ action: 'file' }),
    })
    expect(filed.status, await filed.clone().text()).toBe(200)
    await page.locator(`[data-testid=case-feed] li.fresh[data-case="${id}"]`, { hasText: title }).waitFor()
    expect(await page.locator('[data-testid=case-feed] li').first().getAttribute('data-case')).toBe(String(id))
  })

  it('stays signed in after a reload without the token (the cookie)', async () => {
    await page.goto(`${world.url}/command`)
    await waitForWall()
    expect(new URL(page.url()).pathname).toBe('/command')
    const me = (await (await page.request.get(`${world.url}/api/auth/me`)).json()) as { kind: string; display?: { name: string } }
    expect(me).toMatchObject({ kind: 'display', display: { name: 'e2e 指挥中心主屏' } })
  })

  it('flies to each new case in turn, dwelling `?dwell` seconds, then back to the overview; no zoom buttons', async () => {
    // (Data stale 2 s into an outage, `?staleAfter`, rather than two minutes: for the restart test below.)
    await page.goto(`${world.url}/command?dwell=2&staleAfter=2`)
    await waitForWall()
    expect(await page.locator('.maplibregl-ctrl-zoom-in').count(), 'no zoom buttons on a kiosk wall').toBe(0)
    // Record which case the map shows, as it changes.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid=map]') as HTMLElement
      const seen: string[] = []
      ;(window as unknown as { __flights: string[] }).__flights = seen
      new MutationObserver(() => seen.push(el.dataset.flyingTo ?? '')).observe(el, { attributes: true, attributeFilter: ['data-flying-to'] })
    })
    const centre = () => page.evaluate(() => (window as unknown as { __citygrid: { map: { getCenter(): { lng: number } } } }).__citygrid.map.getCenter().lng)
    const overviewLng = await centre()
    const ids: number[] = []
    const bodies: { gridCode?: string | null }[] = []
    for (const [i, lng] of [106.843, 106.851, 106.836].entries()) {
      const body = await postCase(`e2e 大屏：飞行 ${i} ${Date.now()}`, lng)
      ids.push(body.id)
      bodies.push(body)
    }
    await expect.poll(() => page.evaluate(() => (window as unknown as { __flights: string[] }).__flights), POLL).toEqual([...ids.map(String), ''])
    await expect.poll(centre, POLL).toBeCloseTo(overviewLng, 3)

    // Each feed item names its place: the last 5 digits of its unit-grid cell, or 县城外.
    for (const [i, id] of ids.entries()) {
      const grid = await page.locator(`[data-testid=case-feed] li[data-case="${id}"] [data-grid]`).innerText()
      expect(grid).toMatch(/^(网格 \d{5}|县城外)$/)
      const code = bodies[i]!.gridCode
      if (code !== undefined) expect(grid).toBe(code == null ? '县城外' : `网格 ${code.slice(-5)}`)
    }
  })

  it('rides out a platform restart: says so and marks its data stale, both gone by themselves once it is back; lists every case reported meanwhile once', async () => {
    expect(new URL(page.url()).searchParams.get('staleAfter'), 'the page the test above opened').toBe('2')
    const state = () => page.locator('[data-testid=connection]').getAttribute('data-state')
    await expect.poll(state, POLL).toBe('connected')
    await expect.poll(wallStatus, POLL).toEqual([])
    await world.stopPlatform()
    await expect.poll(state, POLL).not.toBe('connected')
    await expect.poll(wallStatus, POLL).toContain('connection: 连接中断，正在重连…')
    const panels = await page.locator('.wall-panel').count()
    await expect.poll(staleStamps, { ...POLL, message: 'every panel marks its data' }).toEqual({ stale: panels, all: panels })
    expect(await page.locator('.wall-panel.stale').count(), 'and dims it').toBe(panels)
    await keepScreenshot(page, 'command-outage')
    await world.startPlatform()
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push((await postCase(`e2e 大屏：重启后 ${i} ${Date.now()}`, 106.84 + i * 0.004)).id)
    await expect.poll(state, POLL).toBe('connected')
    // Nobody touched the wall: what it said goes away once the cause has.
    await expect.poll(wallStatus, { ...POLL, message: 'the status clears itself' }).toEqual([])
    await expect.poll(async () => (await staleStamps()).stale, { ...POLL, message: 'the panels are fresh again' }).toBe(0)
    for (const id of ids) {
      await expect.poll(() => page.locator(`[data-testid=case-feed] li[data-case="${id}"]`).count(), POLL).toBe(1)
    }
    // Exactly once, also after everything has settled.
    const listed = await page.locator('[data-testid=case-feed] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')))
    expect(new Set(listed).size).toBe(listed.length)
    for (const id of ids) expect(listed.filter((x) => x === String(id))).toHaveLength(1)
  })

  it('outlines every patrol zone, rings open cases by age and explains the rings', async () => {
    const res = await page.request.get(`${world.url}/api/zones`)
    const zones = ((await res.json()) as { features: unknown[] }).features.length
    expect(zones).toBeGreaterThan(0)
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __citygrid: { zones: number | null } }).__citygrid.zones), POLL)
      .toBe(zones)
    expect(await page.locator('[data-testid=age-legend] li').count()).toBe(4)
  })

  it('replays the last 24 h on the map with the slider, then returns to live', async () => {
    const handle = () => page.evaluate(() => (window as unknown as { __citygrid: { playback: { at: number; cases: number; sensors: number } | null } }).__citygrid.playback)
    await page.locator('[data-testid=playback-toggle]').click()
    await page.locator('[data-testid=playback-bar][data-active=true]').waitFor()
    await expect.poll(handle, POLL).not.toBeNull()
    await page.locator('[data-testid=playback-toggle]').click() // pause
    const slider = page.locator('[data-testid=playback-slider]')
    const [min, max] = [Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))]
    // The same window as the page's (its buckets start at its `from`).
    const window = `from=${new Date(min).toISOString()}&to=${new Date(max).toISOString()}`
    const p = PlaybackSchema.parse(await (await page.request.get(`${world.url}/api/command/playback?${window}`)).json())
    // Twelve hours back, on the slider's one-minute steps: the map shows the cases open then and the
    // monitors that reported in that bucket.
    const at = min + Math.round((max - min) / 2 / 60_000) * 60_000
    const open = p.cases.filter((c) => Date.parse(c.reportedAt) <= at && (c.endedAt === null || at < Date.parse(c.endedAt))).length
    const bucketMs = p.bucketMinutes * 60_000
    const bucket = Date.parse(p.from) + Math.floor((at - Date.parse(p.from)) / bucketMs) * bucketMs
    const reporting = p.sensors.filter((s) => s.readings.some((r) => Date.parse(r.at) === bucket)).length
    expect(open).toBeGreaterThan(0)
    await slider.fill(String(at))
    await expect.poll(handle, POLL).toEqual({ at, cases: open, sensors: reporting })
    await expect.poll(() => page.locator('[data-testid=playback-time]').getAttribute('data-at'), POLL).toBe(String(at))
    await keepScreenshot(page, 'command-playback')
    await page.locator('[data-testid=playback-live]').click()
    await expect.poll(handle, POLL).toBeNull()
    await expect.poll(() => page.locator('[data-testid=playback-bar]').getAttribute('data-active'), POLL).toBe('false')
  })

  it('focuses figures, charts, ranking, feed and map on one town by name; shows none for an unknown one; rotates by itself', async () => {
    const town = (await towns()).find((t) => t.properties.name.zh === '长赤镇')!
    expect(town, 'the demo county has 长赤镇').toBeDefined()
    const extent = turfBbox(town) as BBox
    const inTown = (c: { location: { coordinates: number[] } }) => booleanPointInPolygon(c.location.coordinates, town)
    // A case in the town (at its place on the basemap, inside its area), so that its feed is not empty.
    const basemap = await api<{ features: { geometry: { coordinates: [number, number] }; properties: { kind: string; name: { zh: string } } }[] }>('/api/basemap')
    const [lng, lat] = basemap.features.find((f) => f.properties.kind === 'town' && f.properties.name.zh === '长赤镇')!.geometry.coordinates
    const inside = await postCase(`e2e 大屏：长赤 ${Date.now()}`, lng, lat)

    const q = `town=${encodeURIComponent('长赤')}`
    await page.goto(`${world.url}/command?${q}`)
    await page.locator('[data-testid=kpis][data-ready=true]').waitFor({ timeout: 60_000 })
    expect(await page.locator('[data-testid=focus]').innerText()).toContain('长赤')
    // Every figure is the API's answer for town=, not the county's.
    await expect.poll(() => kpisAsApi(`/api/command/summary?${q}`), POLL).toBe('the same')
    const [townSummary, countySummary] = [await api<{ cases: { open: number } }>(`/api/command/summary?${q}`), await api<{ cases: { open: number } }>('/api/command/summary')]
    expect(townSummary.cases.open).toBeGreaterThan(0)
    expect(townSummary.cases.open).toBeLessThan(countySummary.cases.open)
    // The chart counts the town's cases of its hours; the ranking is of the town's cases.
    const chart = page.locator('[data-testid=trend-cases][data-ready=true]')
    const chartAsApi = async () => {
      const from = Date.parse((await chart.getAttribute('data-from'))!)
      const trends = await api(`/api/command/trends?${q}`, (b) => CommandTrendsSchema.parse(b))
      const expected = trends.casesPerHour.filter((r) => Date.parse(r.hour) >= from).reduce((sum, r) => sum + r.count, 0)
      return Number(await chart.getAttribute('data-total')) - expected
    }
    await expect.poll(chartAsApi, POLL).toBe(0)
    const ranking = page.locator('[data-testid=ranking]')
    await expect.poll(() => ranking.getAttribute('data-from'), POLL).not.toBeNull()
    const from = (await ranking.getAttribute('data-from'))!
    const departments = (await api<{ key: string | null }[]>(`/api/kpis?by=department&from=${encodeURIComponent(from)}&${q}`)).filter((r) => r.key !== null)
    await expect
      .poll(() => ranking.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-department')).sort()), POLL)
      .toEqual(departments.map((d) => d.key).sort())
    // The feed: the newest open cases inside the town's area, and nothing else.
    const feedAsApi = async () => {
      const open = (await api('/api/cases?open=true&limit=500', (b) => CaseListSchema.parse(b))).items
      const expected = open.filter(inTown).slice(0, FEED_CAP).map((c) => String(c.id))
      const shown = await page.locator('[data-testid=case-feed] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')))
      return JSON.stringify(shown) === JSON.stringify(expected) ? 'the same' : JSON.stringify({ shown, expected })
    }
    await expect.poll(feedAsApi, POLL).toBe('the same')
    expect(await page.locator(`[data-testid=case-feed] li[data-case="${inside.id}"]`).count()).toBe(1)
    // Live: a case at the seat is left out, the next one in the town listed (in order: the first came first).
    const outside = await postCase(`e2e 大屏：县城 ${Date.now()}`, 106.843)
    const next = await postCase(`e2e 大屏：长赤 ${Date.now()}`, lng + 0.001, lat)
    await page.locator(`[data-testid=case-feed] li[data-case="${next.id}"]`).waitFor()
    expect(await page.locator(`[data-testid=case-feed] li[data-case="${outside.id}"]`).count(), 'a case outside the town').toBe(0)
    // The map rests on the town's area.
    await expect.poll(() => fittedTo(extent), { ...POLL, message: `the map fitted to 长赤镇 ${extent.join(',')}` }).toBe(true)

    // An unknown town: said, and no figures at all — never the county's as if they were its own.
    await page.goto(`${world.url}/command?town=${encodeURIComponent('成都')}`)
    await expect.poll(() => page.locator('[data-testid=wall-status] li.error').first().innerText(), POLL).toContain('成都')
    expect(await page.locator('[data-testid=kpis]').getAttribute('data-ready')).toBe('false')
    expect(await page.locator('[data-kpi="cases.open"]').getAttribute('data-value')).toBeNull()

    // `?rotate=2`: the county, the seat's town, then each other town, by itself. The stops it shows are
    // recorded as they change (each lasts 2 s).
    const all = await towns()
    const seat = all.find((t) => booleanPointInPolygon([...COUNTY.seat], t))!
    const order = ['county', `town:${seat.id}`, ...all.filter((t) => t !== seat).map((t) => `town:${t.id}`)]
    await page.goto(`${world.url}/command?rotate=2`)
    await page.locator('[data-testid=rotation]').waitFor({ timeout: 60_000 })
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid=rotation]') as HTMLElement
      const seen = [el.dataset.stop ?? '']
      ;(window as unknown as { __stops: string[] }).__stops = seen
      new MutationObserver(() => seen.push(el.dataset.stop ?? '')).observe(el, { attributes: true, attributeFilter: ['data-stop'] })
    })
    const stops = () => page.evaluate(() => (window as unknown as { __stops: string[] }).__stops)
    await expect.poll(async () => (await stops()).length, { ...POLL, message: 'three stops in turn' }).toBeGreaterThanOrEqual(3)
    const seen = await stops()
    const at = order.indexOf(seen[0]!)
    expect(at, seen[0]).toBeGreaterThanOrEqual(0)
    expect(seen.slice(0, 3)).toEqual([0, 1, 2].map((i) => order[(at + i) % order.length]))
    expect(await page.locator('[data-testid=rotation]').innerText()).toMatch(/轮巡/)
    await waitForWall()
  })

  it('adapts to 1920×1080 and a 7680×2160 spliced wall without a code change or scrollbars', async () => {
    for (const [size, kind] of [[{ width: 1920, height: 1080 }, 'standard'], [{ width: 7680, height: 2160 }, 'wide']] as const) {
      await page.setViewportSize(size)
      await expect.poll(() => page.locator('[data-testid=command]').getAttribute('data-layout'), POLL).toBe(kind)
      // Once the page has followed the new size (the map's canvas included, resized on its own observer).
      const fits = () =>
        page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight)
      await expect.poll(fits, { ...POLL, message: `${size.width}×${size.height} has no scrollbars` }).toBe(true)
      // The alarms panels fit too, once the type has followed the size: the whole ranking, and the alarm
      // list's first rows (at least three), whole.
      const inSight = async () => {
        const alarms = await rowsOf('[data-testid=alarm-list]')
        const visible = alarms.filter((r) => r.shown).length
        const first = alarms.slice(0, visible).every((r) => r.shown)
        return visible >= 3 && first && (await rowsOf('[data-testid=ranking]')).every((r) => r.shown)
      }
      await expect.poll(inSight, { ...POLL, message: `${size.width}×${size.height}: alarm rows and ranking in sight` }).toBe(true)
      await keepScreenshot(page, `command-${size.width}x${size.height}`)
    }
    await page.setViewportSize(WALL)
    expect(world.pageErrors).toEqual([])
  })
})
