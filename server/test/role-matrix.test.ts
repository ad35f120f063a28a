import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CaseListSchema,
  CommandSummarySchema,
  EventsPageSchema,
  LayerFeaturePageSchema,
  PlaybackSchema,
  type OutboxEvent,
} from '@citygrid/shared'
import { z } from 'zod'
import type { Platform } from '../src/platform.ts'
import { PNG_1X1, signIn, signInDisplay, startTestPlatform, TEST_NOW } from './platform.ts'
import { startFakeTianditu, TEST_TIANDITU_KEY, type FakeTianditu } from './fake-tianditu.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

/**
 * Every API route × every kind of caller: allowed → 2xx, otherwise 401 (anonymous) or 403.
 * A new route must be added here, or the coverage check at the end fails.
 */
type Who = 'anonymous' | 'admin' | 'supervisor' | 'operator' | 'inspector' | 'department' | 'display'
const EVERYONE: Who[] = ['anonymous', 'admin', 'supervisor', 'operator', 'inspector', 'department', 'display']
const STAFF: Who[] = ['admin', 'supervisor', 'operator', 'inspector', 'department']
const VIEWERS: Who[] = [...STAFF, 'display']

interface RouteCase {
  method: string
  /** The documented path (as in the OpenAPI document). */
  route: string
  allowed: Who[]
  /** Builds the concrete request for one caller (fresh resources where a call changes state). */
  request: (who: Who) => Promise<{ path: string; body?: unknown }>
}

let platform: Platform
let tianditu: FakeTianditu
const cookies: Partial<Record<Who, string>> = {}
let seq = 0
let photoId = 0
let zhifaCase = 0

const api = (method: string, path: string, who: Who, body?: unknown) =>
  fetch(platform.url + path, {
    method,
    headers: {
      ...(cookies[who] ? { cookie: cookies[who] } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** A case just reported (by the operator, taking a hotline call: citizens' reports are limited per hour). */
async function freshReportedCase(): Promise<number> {
  const res = await api('POST', '/api/cases', 'operator', {
    classCode: '0501',
    title: `matrix ${++seq}`,
    location: { type: 'Point', coordinates: [106.84, 32.356] },
  })
  return ((await res.json()) as { id: number }).id
}

const complaintBody = () => ({
  channel: '12345',
  contact: { name: 'matrix', phone: '13800000000' },
  classCode: '0102',
  title: `matrix complaint ${++seq}`,
  location: { type: 'Point', coordinates: [106.84, 32.356] },
})

/** A complaint just taken in (and replied to, when `replied`), by the operator. */
async function freshComplaint(replied: boolean): Promise<number> {
  const { id } = (await (await api('POST', '/api/complaints', 'operator', complaintBody())).json()) as { id: number }
  if (replied) await api('POST', `/api/complaints/${id}/reply`, 'operator', { method: 'phone', content: 'matrix reply' })
  return id
}

async function freshDisplayToken(): Promise<number> {
  const res = await api('POST', '/api/display-tokens', 'admin', { name: `matrix ${++seq}` })
  return ((await res.json()) as { id: number }).id
}

async function freshApiToken(who: Who): Promise<number> {
  const res = await api('POST', '/api/tokens', who, { name: `matrix ${++seq}` })
  return ((await res.json()) as { id: number }).id
}

async function freshOpen311Key(): Promise<number> {
  const res = await api('POST', '/api/open311/keys', 'admin', { name: `matrix ${++seq}` })
  return ((await res.json()) as { id: number }).id
}

const fixed = (path: string, body?: unknown) => async () => ({ path, body })

/** The one value of a one-row query: an id or code that exists in the seeded city. */
async function firstOf(sql: string): Promise<string> {
  const r = await platform.backend.pool.query<unknown[]>({ text: sql, rowMode: 'array' })
  return String(r.rows[0]![0])
}

/** A dust rule of its own (disabled: it must not trip alarms elsewhere in the run). */
const DUST_RULE = { metric: 'tsp', windowMinutes: 60, limit: 800, maxExceedancesPerDay: 0, enabled: false }
async function freshDustRule(): Promise<number> {
  const res = await api('POST', '/api/dust/rules', 'admin', DUST_RULE)
  return ((await res.json()) as { id: number }).id
}

/** A patrol zone body: a ~100 m square of its own, south-west of the seat. */
function zoneBody(name: string) {
  const x = 106.7 + (++seq % 200) * 0.002
  const y = 32.2
  const d = 0.001
  return {
    name,
    team: '城区一中队',
    color: '#1c7ed6',
    geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
  }
}

async function freshZone(): Promise<number> {
  const res = await api('POST', '/api/zones', 'supervisor', zoneBody(`matrix ${seq}`))
  return ((await res.json()) as { id: number }).id
}

/**
 * A citizen's report whose case went the whole way to closed, with an after-photo: its tracking code
 * and that photo's id.
 */
async function closedCitizenReport(): Promise<{ code: string; photoId: number }> {
  const res = await api('POST', '/api/public/reports', 'anonymous', { problem: 'dirty_road', lng: 106.84, lat: 32.356 })
  const { code } = (await res.json()) as { code: string }
  const id = (await platform.backend.pool.query<{ id: number }>('SELECT max(case_id)::int AS id FROM citizen_reports')).rows[0]!.id
  const step = async (who: Who, body: Record<string, unknown> | FormData) => {
    const res = await fetch(`${platform.url}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: body instanceof FormData ? { cookie: cookies[who]! } : { 'content-type': 'application/json', cookie: cookies[who]! },
      body: body instanceof FormData ? body : JSON.stringify(body),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    return (await res.json()) as { history: { photos: { id: number }[] }[] }
  }
  await step('operator', { action: 'file' })
  await step('operator', { action: 'dispatch', department: 'zhifa' })
  await step('department', { action: 'accept' })
  const form = new FormData()
  form.set('action', 'feedback')
  form.set('comment', '已清扫')
  form.append('photos', new Blob([PNG_1X1], { type: 'image/png' }), 'after.png')
  const photoId = (await step('department', form)).history.at(-1)!.photos[0]!.id
  await step('inspector', { action: 'check_pass' })
  await step('operator', { action: 'close' })
  return { code, photoId }
}
let citizenReport = { code: '', photoId: 0 }

/** A citizen's case with a second citizen's report joined to it: the case and that report's id (what a split takes out). */
async function joinedCitizenCase(): Promise<{ id: number; report: number }> {
  const place = { problem: 'dirty_road', lng: 106.8402, lat: 32.3562 }
  await api('POST', '/api/public/reports', 'anonymous', place)
  const id = (await platform.backend.pool.query<{ id: number }>('SELECT max(case_id)::int AS id FROM citizen_reports')).rows[0]!.id
  const join = await firstOf(`SELECT case_number FROM cases WHERE id = ${id}`)
  expect((await api('POST', '/api/public/reports', 'anonymous', { ...place, join })).status).toBe(201)
  return { id, report: Number(await firstOf(`SELECT max(id) FROM citizen_reports WHERE case_id = ${id}`)) }
}

const ROUTES: RouteCase[] = [
  { method: 'GET', route: '/api/health', allowed: EVERYONE, request: fixed('/api/health') },
  { method: 'GET', route: '/api/health/ready', allowed: EVERYONE, request: fixed('/api/health/ready') },
  // Prometheus (not in the OpenAPI document): staff, or a scraper's METRICS_TOKEN (metrics.test.ts).
  { method: 'GET', route: '/metrics', allowed: STAFF, request: fixed('/metrics') },
  { method: 'GET', route: '/api/config', allowed: EVERYONE, request: fixed('/api/config') },
  { method: 'GET', route: '/api/basemap', allowed: EVERYONE, request: fixed('/api/basemap') },
  { method: 'GET', route: '/api/layers', allowed: VIEWERS, request: fixed('/api/layers') },
  { method: 'GET', route: '/api/layers/{layer}/features', allowed: VIEWERS, request: fixed('/api/layers/vending/features?limit=1') },
  {
    method: 'GET',
    route: '/api/layers/{layer}/features/{id}',
    allowed: VIEWERS,
    request: async () => ({ path: `/api/layers/vending/features/${(await platform.backend.pool.query<{ id: number }>('SELECT min(id)::int AS id FROM vending_spots')).rows[0]!.id}` }),
  },
  { method: 'GET', route: '/api/grid', allowed: VIEWERS, request: fixed('/api/grid?bbox=106.83,32.35,106.84,32.36') },
  // Case 1 is not dispatched to the matrix's department (zhifa) unless the seed made it so: use one that is.
  { method: 'GET', route: '/api/cases/{id}', allowed: VIEWERS, request: async () => ({ path: `/api/cases/${zhifaCase}` }) },
  { method: 'GET', route: '/api/events', allowed: VIEWERS, request: fixed('/api/events?limit=1') },
  { method: 'GET', route: '/api/cases', allowed: VIEWERS, request: fixed('/api/cases?limit=1') },
  { method: 'GET', route: '/api/cases/export', allowed: VIEWERS, request: fixed('/api/cases/export?format=csv&grid=51192200000000') },
  // A to-do list is a user's: wall screens have none.
  { method: 'GET', route: '/api/todo', allowed: STAFF, request: fixed('/api/todo?limit=1') },
  // The deprecated old name of /api/cases: the same roles.
  { method: 'GET', route: '/api/incidents', allowed: VIEWERS, request: fixed('/api/incidents?limit=1') },
  { method: 'GET', route: '/api/incidents/{id}', allowed: VIEWERS, request: async () => ({ path: `/api/incidents/${zhifaCase}` }) },
  { method: 'GET', route: '/api/kpis', allowed: VIEWERS, request: fixed('/api/kpis') },
  { method: 'GET', route: '/api/command/summary', allowed: VIEWERS, request: fixed('/api/command/summary') },
  { method: 'GET', route: '/api/command/trends', allowed: VIEWERS, request: fixed('/api/command/trends') },
  { method: 'GET', route: '/api/command/playback', allowed: VIEWERS, request: fixed('/api/command/playback') },
  { method: 'GET', route: '/api/towns', allowed: VIEWERS, request: fixed('/api/towns') },
  { method: 'GET', route: '/api/auth/me', allowed: VIEWERS, request: fixed('/api/auth/me') },
  { method: 'GET', route: '/api/departments', allowed: VIEWERS, request: fixed('/api/departments') },
  { method: 'GET', route: '/api/users', allowed: ['admin'], request: fixed('/api/users') },
  {
    method: 'POST',
    route: '/api/users',
    allowed: ['admin'],
    request: async () => ({
      path: '/api/users',
      body: { username: `m${++seq}`, displayName: 'matrix', role: 'inspector', password: 'a-long-password-1' },
    }),
  },
  { method: 'PATCH', route: '/api/users/{id}', allowed: ['admin'], request: fixed('/api/users/3', { displayName: '值班员' }) },
  { method: 'GET', route: '/api/display-tokens', allowed: ['admin'], request: fixed('/api/display-tokens') },
  { method: 'POST', route: '/api/display-tokens', allowed: ['admin'], request: async () => ({ path: '/api/display-tokens', body: { name: `s${++seq}` } }) },
  {
    method: 'DELETE',
    route: '/api/display-tokens/{id}',
    allowed: ['admin'],
    request: async () => ({ path: `/api/display-tokens/${await freshDisplayToken()}` }),
  },
  { method: 'GET', route: '/api/hj212/devices', allowed: ['admin'], request: fixed('/api/hj212/devices') },
  { method: 'GET', route: '/api/hj212/counters', allowed: ['admin'], request: fixed('/api/hj212/counters') },
  {
    method: 'POST',
    route: '/api/hj212/devices',
    allowed: ['admin'],
    // A sensor without a device yet (only the admin's call registers one).
    request: async () => ({
      path: '/api/hj212/devices',
      body: {
        mn: `MATRIX${++seq}`,
        password: '123456',
        sensorId: (
          await platform.backend.pool.query<{ code: string }>(
            'SELECT code FROM dust_sensors WHERE id NOT IN (SELECT sensor_id FROM hj212_devices) ORDER BY id LIMIT 1',
          )
        ).rows[0]!.code,
      },
    }),
  },
  { method: 'GET', route: '/api/cases/{id}/alarms', allowed: VIEWERS, request: async () => ({ path: `/api/cases/${zhifaCase}/alarms` }) },
  { method: 'GET', route: '/api/dust/alarms', allowed: VIEWERS, request: fixed('/api/dust/alarms') },
  { method: 'GET', route: '/api/dust/rules', allowed: STAFF, request: fixed('/api/dust/rules') },
  { method: 'GET', route: '/api/dust/sensors/{id}/readings', allowed: VIEWERS, request: async () => ({ path: `/api/dust/sensors/${await firstOf('SELECT code FROM dust_sensors ORDER BY id LIMIT 1')}/readings` }) },
  { method: 'GET', route: '/api/sites/{id}', allowed: VIEWERS, request: async () => ({ path: `/api/sites/${await firstOf('SELECT min(id)::int FROM construction_sites')}` }) },
  { method: 'GET', route: '/api/sites/{id}/dust', allowed: VIEWERS, request: async () => ({ path: `/api/sites/${await firstOf('SELECT min(id)::int FROM construction_sites')}/dust` }) },
  { method: 'POST', route: '/api/dust/rules', allowed: ['admin'], request: fixed('/api/dust/rules', DUST_RULE) },
  { method: 'PUT', route: '/api/dust/rules/{id}', allowed: ['admin'], request: async () => ({ path: `/api/dust/rules/${await freshDustRule()}`, body: DUST_RULE }) },
  { method: 'DELETE', route: '/api/dust/rules/{id}', allowed: ['admin'], request: async () => ({ path: `/api/dust/rules/${await freshDustRule()}` }) },
  { method: 'GET', route: '/api/tokens', allowed: STAFF, request: fixed('/api/tokens') },
  { method: 'POST', route: '/api/tokens', allowed: STAFF, request: async () => ({ path: '/api/tokens', body: { name: `t${++seq}` } }) },
  {
    method: 'DELETE',
    route: '/api/tokens/{id}',
    allowed: STAFF,
    // Each staff member revokes a token of their own; the others ask for one that is not theirs to ask about.
    request: async (who) => ({ path: `/api/tokens/${STAFF.includes(who) ? await freshApiToken(who) : 1}` }),
  },
  { method: 'GET', route: '/api/open311/keys', allowed: ['admin'], request: fixed('/api/open311/keys') },
  { method: 'POST', route: '/api/open311/keys', allowed: ['admin'], request: async () => ({ path: '/api/open311/keys', body: { name: `k${++seq}` } }) },
  { method: 'DELETE', route: '/api/open311/keys/{id}', allowed: ['admin'], request: async () => ({ path: `/api/open311/keys/${await freshOpen311Key()}` }) },
  ...['/api/cases', '/api/incidents'].map((route) => ({
    method: 'POST',
    route,
    allowed: ['anonymous', 'admin', 'supervisor', 'operator', 'inspector'] as Who[],
    request: fixed(route, { classCode: '0104', title: '道路不洁', location: { type: 'Point', coordinates: [106.84, 32.356] } }),
  })),
  { method: 'GET', route: '/api/photos/{id}', allowed: [...STAFF.filter((w) => w !== 'department'), 'display'], request: async () => ({ path: `/api/photos/${photoId}` }) },
  {
    method: 'GET',
    route: '/api/photos/{id}/thumbnail',
    allowed: [...STAFF.filter((w) => w !== 'department'), 'display'],
    request: async () => ({ path: `/api/photos/${photoId}/thumbnail` }),
  },
  { method: 'GET', route: '/api/zones', allowed: VIEWERS, request: fixed('/api/zones') },
  { method: 'GET', route: '/api/zones/export', allowed: VIEWERS, request: fixed('/api/zones/export') },
  { method: 'GET', route: '/api/zones/coverage', allowed: VIEWERS, request: fixed('/api/zones/coverage') },
  { method: 'POST', route: '/api/zones', allowed: ['supervisor', 'admin'], request: async () => ({ path: '/api/zones', body: zoneBody('matrix new') }) },
  {
    method: 'POST',
    route: '/api/zones/import',
    allowed: ['supervisor', 'admin'],
    request: async () => {
      const { geometry, ...properties } = zoneBody('matrix import')
      return { path: '/api/zones/import', body: { type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] } }
    },
  },
  { method: 'GET', route: '/api/zones/{id}', allowed: VIEWERS, request: async () => ({ path: `/api/zones/${await freshZone()}` }) },
  { method: 'GET', route: '/api/zones/{id}/stats', allowed: VIEWERS, request: async () => ({ path: `/api/zones/${await freshZone()}/stats` }) },
  {
    method: 'PUT',
    route: '/api/zones/{id}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ path: `/api/zones/${await freshZone()}`, body: { ...zoneBody('matrix edit'), version: 1 } }),
  },
  { method: 'DELETE', route: '/api/zones/{id}', allowed: ['supervisor', 'admin'], request: async () => ({ path: `/api/zones/${await freshZone()}` }) },
  // Public parking for citizens: no login at all.
  { method: 'GET', route: '/api/public/parking/lots', allowed: EVERYONE, request: fixed('/api/public/parking/lots') },
  // Citizens' reports: public, staff in a browser included (counted as citizens).
  { method: 'POST', route: '/api/public/reports', allowed: EVERYONE, request: fixed('/api/public/reports', { problem: 'small_ads', lng: 106.84, lat: 32.356 }) },
  { method: 'GET', route: '/api/public/reports/{code}', allowed: EVERYONE, request: async () => ({ path: `/api/public/reports/${citizenReport.code}` }) },
  {
    method: 'POST',
    route: '/api/public/reports/{code}/rating',
    allowed: EVERYONE,
    // Once a report: each caller rates one of its own.
    request: async () => ({ path: `/api/public/reports/${(await closedCitizenReport()).code}/rating`, body: { level: 'satisfied' } }),
  },
  {
    method: 'GET',
    route: '/api/public/reports/{code}/photos/{id}',
    allowed: EVERYONE,
    request: async () => ({ path: `/api/public/reports/${citizenReport.code}/photos/${citizenReport.photoId}` }),
  },
  {
    method: 'GET',
    route: '/api/public/reports/nearby',
    allowed: EVERYONE,
    request: fixed('/api/public/reports/nearby?problem=dirty_road&lng=106.8402&lat=32.3562'),
  },
  // Merging and splitting cases by hand: who files them (CASE_MERGE_ROLES).
  {
    method: 'POST',
    route: '/api/cases/{id}/merge',
    allowed: ['operator'],
    request: async () => ({ path: `/api/cases/${await freshReportedCase()}/merge`, body: { into: await freshReportedCase() } }),
  },
  {
    method: 'POST',
    route: '/api/cases/{id}/split',
    allowed: ['operator'],
    request: async () => {
      const { id, report } = await joinedCitizenCase()
      return { path: `/api/cases/${id}/split`, body: { reports: [report] } }
    },
  },
  // Complaints (信访 / 投诉举报): the command center takes them in and answers; it and its supervisors list them.
  { method: 'POST', route: '/api/complaints', allowed: ['operator'], request: async () => ({ path: '/api/complaints', body: complaintBody() }) },
  { method: 'GET', route: '/api/complaints', allowed: ['admin', 'supervisor', 'operator'], request: fixed('/api/complaints?limit=1') },
  {
    method: 'POST',
    route: '/api/complaints/{caseId}/reply',
    allowed: ['operator'],
    request: async () => ({ path: `/api/complaints/${await freshComplaint(false)}/reply`, body: { method: 'phone', content: 'matrix reply' } }),
  },
  {
    method: 'POST',
    route: '/api/complaints/{caseId}/follow-up',
    allowed: ['operator'],
    request: async () => ({ path: `/api/complaints/${await freshComplaint(true)}/follow-up`, body: { satisfaction: 'satisfied' } }),
  },
  { method: 'GET', route: '/api/kpis/complaints', allowed: VIEWERS, request: fixed('/api/kpis/complaints') },
  { method: 'GET', route: '/api/public/parking/feed', allowed: EVERYONE, request: fixed('/api/public/parking/feed') },
  { method: 'GET', route: '/api/public/parking/nearest', allowed: EVERYONE, request: fixed('/api/public/parking/nearest?lng=106.84&lat=32.356') },
  // Basemap tiles, with the server's Tianditu key: the citizens' parking map draws them too.
  { method: 'GET', route: '/api/public/basemap/tianditu/{layer}/{z}/{x}/{y}', allowed: EVERYONE, request: fixed('/api/public/basemap/tianditu/vec_w/12/3260/1640') },
  ...['/api/cases', '/api/incidents'].map((base) => ({
    method: 'POST',
    route: `${base}/{id}/actions`,
    allowed: ['operator'] as Who[],
    request: async () => ({ path: `${base}/${await freshReportedCase()}/actions`, body: { action: 'file' } }),
  })),
]

// Routes outside the session/role scheme, checked elsewhere: sign-in itself and device ingest.
const ELSEWHERE = ['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/display', 'POST /api/ingest/parking', 'POST /api/ingest/dust']

beforeAll(async () => {
  tianditu = await startFakeTianditu()
  // Citizens' reports from one address, more than an hour allows: their limits are anonymous-reports.test.ts's subject.
  platform = await startTestPlatform({
    env: { TIANDITU_KEY: TEST_TIANDITU_KEY, TIANDITU_UPSTREAM: tianditu.template, ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000' },
  })
  for (const who of ['admin', 'supervisor', 'operator', 'inspector'] as const) cookies[who] = await signIn(platform.url, who)
  cookies.department = await signIn(platform.url, 'dept-zhifa')
  cookies.display = await signInDisplay(platform.url, cookies.admin!, 'matrix wall')
  zhifaCase = (await platform.backend.pool.query<{ id: number }>(`SELECT min(id)::int AS id FROM cases WHERE department_code = 'zhifa'`)).rows[0]!.id
  // One photo to fetch: filed with a before-photo by the operator.
  const form = new FormData()
  form.set('action', 'file')
  form.append('photos', new Blob([PNG_1X1], { type: 'image/png' }), 'scene.png')
  const filed = await fetch(`${platform.url}/api/cases/${await freshReportedCase()}/actions`, {
    method: 'POST',
    headers: { cookie: cookies.operator! },
    body: form,
  })
  const detail = (await filed.json()) as { history: { photos: { id: number }[] }[] }
  photoId = detail.history.at(-1)!.photos[0]!.id
  citizenReport = await closedCitizenReport()
})
afterAll(async () => {
  await platform?.close()
  await tianditu?.close()
})

describe('role matrix', () => {
  for (const r of ROUTES) {
    for (const who of EVERYONE) {
      const allowed = r.allowed.includes(who)
      it(`${r.method} ${r.route} as ${who} → ${allowed ? '2xx' : who === 'anonymous' ? '401' : '403'}`, async () => {
        const { path, body } = await r.request(who)
        const res = await api(r.method, path, who, body)
        if (allowed) expect(res.status, await res.text()).toBeGreaterThanOrEqual(200)
        if (allowed) expect(res.status).toBeLessThan(300)
        else expect(res.status).toBe(who === 'anonymous' ? 401 : 403)
      })
    }
  }

  it('covers every route of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${platform.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    const covered = new Set([...ROUTES.map((r) => `${r.method} ${r.route}`), ...ELSEWHERE])
    expect(documented.length).toBeGreaterThan(20)
    expect(documented.filter((d) => !covered.has(d))).toEqual([])
  })
})

/**
 * Who may read what (#11): as a handling department (zhifa), everything about single cases — lists,
 * feeds, catch-up, playback, layer features, the socket — holds only its own cases, while the same
 * questions asked by an admin show other departments' cases too (so each check can fail). Aggregates
 * stay county-wide. Judged by content against the database, not by status codes.
 */
describe('a department reads only its own cases', () => {
  const DEPT = 'zhifa'
  /** Every case's department, read from the database now. */
  async function departments(): Promise<Map<number, string | null>> {
    const r = await platform.backend.pool.query<{ id: number; department: string | null }>(
      'SELECT id::int AS id, department_code AS department FROM cases',
    )
    return new Map(r.rows.map((row) => [row.id, row.department]))
  }
  const get = async (who: Who, path: string) => {
    const res = await api('GET', path, who)
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    return res.json()
  }
  const ownIds = async () => [...(await departments())].filter(([, d]) => d === DEPT).map(([id]) => id).sort((a, b) => a - b)
  const foreign = (ids: number[], dept: Map<number, string | null>) => ids.filter((id) => dept.get(id) !== DEPT)

  it('the database holds cases of this department and of others', async () => {
    const dept = await departments()
    const values = [...dept.values()]
    expect(values.filter((d) => d === DEPT).length).toBeGreaterThan(0)
    expect(values.filter((d) => d !== null && d !== DEPT).length).toBeGreaterThan(0)
    expect(values.filter((d) => d === null).length).toBeGreaterThan(0)
  })

  it('GET /api/cases?since=0 and the deprecated /api/incidents: exactly its own cases', async () => {
    const IdList = z.array(z.object({ id: z.number() }))
    const dept = await departments()
    const own = await ownIds()
    const all = IdList.parse(await get('department', '/api/incidents?since=0&limit=1000')).map((i) => i.id)
    expect(foreign(all, dept)).toEqual([])
    expect(all).toEqual(own)
    const firstPage = IdList.parse(await get('department', '/api/incidents')).map((i) => i.id)
    expect(foreign(firstPage, dept)).toEqual([])
    expect(firstPage.length).toBeGreaterThan(0)
    const caughtUp = CaseListSchema.parse(await get('department', '/api/cases?since=0&limit=500'))
    expect(caughtUp.items.map((c) => c.id)).toEqual(own)
    // The same question from an admin does show other departments' cases.
    const admin = IdList.parse(await get('admin', '/api/incidents?since=0&limit=1000')).map((i) => i.id)
    expect(foreign(admin, dept).length).toBeGreaterThan(0)
    const adminCaughtUp = CaseListSchema.parse(await get('admin', '/api/cases?since=0&limit=500'))
    expect(foreign(adminCaughtUp.items.map((c) => c.id), dept).length).toBeGreaterThan(0)
  })

  it.each(['/api/cases', '/api/incidents'])('GET %s/{id} of another department\'s case is refused', async (base) => {
    const other = [...(await departments())].find(([, d]) => d !== null && d !== DEPT)![0]
    expect((await api('GET', `${base}/${other}`, 'department')).status).toBe(403)
  })

  it('GET /api/cases: exactly its own cases; a department filter narrows, never widens', async () => {
    const own = await ownIds()
    const list = CaseListSchema.parse(await get('department', '/api/cases?limit=500'))
    expect(list.items.filter((c) => c.department !== DEPT)).toEqual([])
    expect(list.total).toBe(own.length)
    expect(list.items.map((c) => c.id).sort((a, b) => a - b)).toEqual(own)
    const elsewhere = CaseListSchema.parse(await get('department', '/api/cases?department=jiaojing&limit=500'))
    expect(elsewhere).toEqual({ items: [], total: 0 })
    const admin = CaseListSchema.parse(await get('admin', '/api/cases?limit=500'))
    expect(admin.items.some((c) => c.department !== DEPT)).toBe(true)
  })

  /** Every event after 0, paged with lastId until it stops moving. */
  async function allEvents(who: Who): Promise<{ events: OutboxEvent[]; lastId: number }> {
    const events: OutboxEvent[] = []
    let since = 0
    for (;;) {
      const page = EventsPageSchema.parse(await get(who, `/api/events?since=${since}&limit=5000`))
      events.push(...page.events)
      if (page.lastId === since) return { events, lastId: since }
      since = page.lastId
    }
  }
  const caseEvents = (events: OutboxEvent[]) =>
    events.flatMap((e) => (e.type === 'case.created' || e.type === 'case.updated' ? [e] : []))

  it('GET /api/events?since=0: events of its own cases only, other kinds all, the same cursor', async () => {
    const mine = await allEvents('department')
    const admin = await allEvents('admin')
    expect(caseEvents(mine.events).length).toBeGreaterThan(0)
    expect(caseEvents(mine.events).filter((e) => e.payload.department !== DEPT)).toEqual([])
    expect(caseEvents(admin.events).some((e) => e.payload.department !== DEPT)).toBe(true)
    // Exactly the admin's feed less other departments' (and undispatched) case events.
    const kept = admin.events.filter((e) => !(e.type === 'case.created' || e.type === 'case.updated') || e.payload.department === DEPT)
    expect(mine.events.map((e) => e.id)).toEqual(kept.map((e) => e.id))
    expect(mine.lastId).toBe(admin.lastId)
    // A page of only other departments' events is empty, and its cursor still moves on.
    const foreignEvent = caseEvents(admin.events).find((e) => e.payload.department !== DEPT)!
    const page = EventsPageSchema.parse(await get('department', `/api/events?since=${foreignEvent.id - 1}&limit=1`))
    expect(page).toEqual({ events: [], lastId: foreignEvent.id })
  })

  it('the socket catch-up sends what GET /api/events sends', async () => {
    const feed = await allEvents('department')
    const client = new RecordingClient(platform.url, 0, cookies.department)
    try {
      await client.ready(1, WAIT_MS)
      // Catch-up ends at what the pump had taken; anything newer arrives live: wait for the feed's last.
      await waitFor(() => client.ids().includes(feed.events.at(-1)!.id), WAIT_MS, 'the feed\'s last event on the socket')
      const caughtUp = client.received.filter((e) => e.id <= feed.lastId)
      expect(caseEvents(caughtUp).filter((e) => e.payload.department !== DEPT)).toEqual([])
      expect(caughtUp.map((e) => e.id)).toEqual(feed.events.map((e) => e.id))
    } finally {
      client.close()
    }
  })

  it('GET /api/command/playback: only its own cases', async () => {
    const dept = await departments()
    const to = TEST_NOW.toISOString()
    const from = new Date(TEST_NOW.getTime() - 48 * 3_600_000).toISOString()
    const path = `/api/command/playback?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
    const mine = PlaybackSchema.parse(await get('department', path))
    const admin = PlaybackSchema.parse(await get('admin', path))
    expect(admin.truncated).toBe(false)
    expect(foreign(admin.cases.map((c) => c.id), dept).length).toBeGreaterThan(0)
    expect(mine.cases.length).toBeGreaterThan(0)
    expect(foreign(mine.cases.map((c) => c.id), dept)).toEqual([])
    expect(mine.cases.map((c) => c.id)).toEqual(admin.cases.filter((c) => dept.get(c.id) === DEPT).map((c) => c.id))
    // The PM10 part is about monitors, not cases: the same for everyone.
    expect(mine.sensors).toEqual(admin.sensors)
  })

  it('the cases layer: only its own open cases, counted as shown', async () => {
    const dept = await departments()
    const mine = LayerFeaturePageSchema.parse(await get('department', '/api/layers/cases/features?limit=10000'))
    const admin = LayerFeaturePageSchema.parse(await get('admin', '/api/layers/cases/features?limit=10000'))
    const ids = (p: typeof mine) => p.features.map((f) => Number(f.id))
    expect(foreign(ids(admin), dept).length).toBeGreaterThan(0)
    expect(ids(mine).length).toBeGreaterThan(0)
    expect(foreign(ids(mine), dept)).toEqual([])
    expect(ids(mine)).toEqual(ids(admin).filter((id) => dept.get(id) === DEPT))
    const layers = z.array(z.object({ id: z.string(), count: z.number() })).parse(await get('department', '/api/layers'))
    expect(layers.find((l) => l.id === 'cases')!.count).toBe(ids(mine).length)
    // A smaller page pages through the same features, and says how many match.
    const first = LayerFeaturePageSchema.parse(await get('department', '/api/layers/cases/features?limit=1'))
    expect(first.numberMatched).toBe(ids(mine).length)
  })

  it('aggregates stay county-wide', async () => {
    const mine = CommandSummarySchema.parse(await get('department', '/api/command/summary'))
    const admin = CommandSummarySchema.parse(await get('admin', '/api/command/summary'))
    const ownOpen = await platform.backend.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE department_code = $1 AND status NOT IN ('closed', 'cancelled')`,
      [DEPT],
    )
    expect(mine.cases.open).toBe(admin.cases.open)
    expect(mine.cases.open).toBeGreaterThan(ownOpen.rows[0]!.n)
    const at = encodeURIComponent(TEST_NOW.toISOString())
    expect(await get('department', `/api/command/trends?at=${at}`)).toEqual(await get('admin', `/api/command/trends?at=${at}`))
    const period = `from=${encodeURIComponent(new Date(TEST_NOW.getTime() - 30 * 86_400_000).toISOString())}&to=${at}`
    expect(await get('department', `/api/kpis?${period}`)).toEqual(await get('admin', `/api/kpis?${period}`))
  })
})
