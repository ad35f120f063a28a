import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { PNG_1X1, signIn, startTestPlatform } from './platform.ts'

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

async function freshReportedCase(): Promise<number> {
  const res = await api('POST', '/api/incidents', 'anonymous', {
    classCode: '0501',
    title: `matrix ${++seq}`,
    location: { type: 'Point', coordinates: [106.84, 32.356] },
  })
  return ((await res.json()) as { id: number }).id
}

async function freshDisplayToken(): Promise<number> {
  const res = await api('POST', '/api/display-tokens', 'admin', { name: `matrix ${++seq}` })
  return ((await res.json()) as { id: number }).id
}

const fixed = (path: string, body?: unknown) => async () => ({ path, body })

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

const ROUTES: RouteCase[] = [
  { method: 'GET', route: '/api/health', allowed: EVERYONE, request: fixed('/api/health') },
  { method: 'GET', route: '/api/config', allowed: EVERYONE, request: fixed('/api/config') },
  { method: 'GET', route: '/api/basemap', allowed: EVERYONE, request: fixed('/api/basemap') },
  { method: 'GET', route: '/api/layers', allowed: VIEWERS, request: fixed('/api/layers') },
  { method: 'GET', route: '/api/layers/{layer}/features', allowed: VIEWERS, request: fixed('/api/layers/vending/features?limit=1') },
  { method: 'GET', route: '/api/incidents', allowed: VIEWERS, request: fixed('/api/incidents?limit=1') },
  // Case 1 is not dispatched to the matrix's department (zhifa) unless the seed made it so: use one that is.
  { method: 'GET', route: '/api/incidents/{id}', allowed: VIEWERS, request: async () => ({ path: `/api/incidents/${zhifaCase}` }) },
  { method: 'GET', route: '/api/events', allowed: VIEWERS, request: fixed('/api/events?limit=1') },
  { method: 'GET', route: '/api/cases', allowed: VIEWERS, request: fixed('/api/cases?limit=1') },
  { method: 'GET', route: '/api/kpis', allowed: VIEWERS, request: fixed('/api/kpis') },
  { method: 'GET', route: '/api/command/summary', allowed: VIEWERS, request: fixed('/api/command/summary') },
  { method: 'GET', route: '/api/command/trends', allowed: VIEWERS, request: fixed('/api/command/trends') },
  { method: 'GET', route: '/api/command/playback', allowed: VIEWERS, request: fixed('/api/command/playback') },
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
  {
    method: 'POST',
    route: '/api/incidents',
    allowed: ['anonymous', 'admin', 'supervisor', 'operator', 'inspector'],
    request: fixed('/api/incidents', { classCode: '0104', title: '道路不洁', location: { type: 'Point', coordinates: [106.84, 32.356] } }),
  },
  { method: 'GET', route: '/api/photos/{id}', allowed: [...STAFF.filter((w) => w !== 'department'), 'display'], request: async () => ({ path: `/api/photos/${photoId}` }) },
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
  { method: 'GET', route: '/api/public/parking/feed', allowed: EVERYONE, request: fixed('/api/public/parking/feed') },
  { method: 'GET', route: '/api/public/parking/nearest', allowed: EVERYONE, request: fixed('/api/public/parking/nearest?lng=106.84&lat=32.356') },
  {
    method: 'POST',
    route: '/api/incidents/{id}/actions',
    allowed: ['operator'],
    request: async () => ({ path: `/api/incidents/${await freshReportedCase()}/actions`, body: { action: 'file' } }),
  },
]

// Routes outside the session/role scheme, checked elsewhere: sign-in itself and device ingest.
const ELSEWHERE = ['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/display', 'POST /api/ingest/parking', 'POST /api/ingest/dust']

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const who of ['admin', 'supervisor', 'operator', 'inspector'] as const) cookies[who] = await signIn(platform.url, who)
  cookies.department = await signIn(platform.url, 'dept-zhifa')
  const issued = await api('POST', '/api/display-tokens', 'admin', { name: 'matrix wall' })
  const { token } = (await issued.json()) as { token: string }
  const display = await fetch(`${platform.url}/api/auth/display`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
  cookies.display = display.headers.getSetCookie().find((c) => c.startsWith('citygrid_display='))!.split(';')[0]!
  zhifaCase = (await platform.backend.pool.query<{ id: number }>(`SELECT min(id)::int AS id FROM incidents WHERE department_code = 'zhifa'`)).rows[0]!.id
  // One photo to fetch: filed with a before-photo by the operator.
  const form = new FormData()
  form.set('action', 'file')
  form.append('photos', new Blob([PNG_1X1], { type: 'image/png' }), 'scene.png')
  const filed = await fetch(`${platform.url}/api/incidents/${await freshReportedCase()}/actions`, {
    method: 'POST',
    headers: { cookie: cookies.operator! },
    body: form,
  })
  const detail = (await filed.json()) as { history: { photos: { id: number }[] }[] }
  photoId = detail.history.at(-1)!.photos[0]!.id
})
afterAll(() => platform?.close())

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
