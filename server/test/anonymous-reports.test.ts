import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CaseListSchema,
  CommandSummarySchema,
  EventsPageSchema,
  LayerFeaturePageSchema,
  PlaybackSchema,
  type ErrorBody,
  type OutboxEvent,
} from '@citygrid/shared'
import { z } from 'zod'
import { startPlatform, type Platform } from '../src/platform.ts'
import { testLog } from './db.ts'
import { signIn, signInDisplay, startTestPlatform, TEST_NOW } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

/**
 * Reports without sign-in (#11): limited per address and per device cookie, counted in the database
 * (so across server processes), and kept off wall screens until an operator files them.
 */
let platform: Platform
const cookies: Record<'operator' | 'admin' | 'display', string> = { operator: '', admin: '', display: '' }
const clients: RecordingClient[] = []
let nextAddress = 1

/** A client address of its own (the platform trusts X-Forwarded-For here, as behind a proxy). */
const freshAddress = () => `198.51.100.${nextAddress++}`

interface Sender {
  address: string
  cookie?: string
}

function report(from: Sender, title = `匿名举报 ${Date.now()}`, base = platform.url): Promise<Response> {
  return fetch(`${base}/api/cases`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': from.address,
      ...(from.cookie ? { cookie: from.cookie } : {}),
    },
    body: JSON.stringify({ classCode: '0501', title, location: { type: 'Point', coordinates: [106.8405, 32.3561] } }),
  })
}

async function reportOk(from: Sender, title?: string): Promise<number> {
  const res = await report(from, title)
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { id: number }).id
}

async function counts() {
  const r = await platform.backend.pool.query<{ cases: number; events: number }>(
    'SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM events)::int AS events',
  )
  return r.rows[0]!
}

const deviceCookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('citygrid_device='))

beforeAll(async () => {
  platform = await startTestPlatform({ env: { TRUST_PROXY: 'true' } })
  cookies.operator = await signIn(platform.url, 'operator')
  cookies.admin = await signIn(platform.url, 'admin')
  cookies.display = await signInDisplay(platform.url, cookies.admin, 'anonymous-reports wall')
})
afterAll(async () => {
  for (const c of clients) c.close()
  await platform?.close()
})

describe('limits on reports without sign-in', () => {
  it('refuses the 6th report from one address within the hour with 429 and Retry-After, storing nothing', async () => {
    const from = { address: freshAddress() }
    for (let i = 0; i < 5; i++) await reportOk(from)
    const before = await counts()
    const res = await report(from)
    expect(res.status).toBe(429)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('too_many_requests')
    expect(body.error.message).toContain('5 from one address')
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(3_500)
    expect(retryAfter).toBeLessThanOrEqual(3_600)
    expect(await counts()).toEqual(before)
    // Another address is not affected.
    await reportOk({ address: freshAddress() })
  })

  it('says when the oldest counted report leaves the hour, and takes reports again then', async () => {
    const from = { address: freshAddress() }
    for (let i = 0; i < 5; i++) await reportOk(from)
    // The oldest counted report was made 59 minutes ago: a minute to wait.
    await platform.backend.pool.query(
      `UPDATE anonymous_reports SET reported_at = now() - interval '59 minutes'
       WHERE id = (SELECT min(id) FROM anonymous_reports WHERE address = $1)`,
      [from.address],
    )
    const refused = await report(from)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(30)
    expect(retryAfter).toBeLessThanOrEqual(60)
    await platform.backend.pool.query(
      `UPDATE anonymous_reports SET reported_at = now() - interval '61 minutes'
       WHERE id = (SELECT min(id) FROM anonymous_reports WHERE address = $1)`,
      [from.address],
    )
    await reportOk(from)
  })

  it('gives a device cookie with the first report and refuses the 4th from that device, from any address', async () => {
    const first = await report({ address: freshAddress() })
    expect(first.status).toBe(201)
    const setCookie = deviceCookieOf(first)!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/Path=\/api(;|$)/)
    const cookie = setCookie.split(';')[0]!
    await reportOk({ address: freshAddress(), cookie })
    const third = await report({ address: freshAddress(), cookie })
    expect(third.status).toBe(201)
    expect(deviceCookieOf(third), 'a device that has its cookie is not given another').toBeUndefined()
    const before = await counts()
    const address = freshAddress()
    const fourth = await report({ address, cookie })
    expect(fourth.status).toBe(429)
    expect(((await fourth.json()) as ErrorBody).error.message).toContain('3 from one device')
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3_500)
    expect(await counts()).toEqual(before)
    // The same address with another device (or none) may still report: the refusal was the device's.
    await reportOk({ address })
    // A cookie the server never gave counts as none: a new one comes back.
    const forged = await report({ address: freshAddress(), cookie: 'citygrid_device=not-one-of-ours' })
    expect(forged.status).toBe(201)
    expect(deviceCookieOf(forged)).toBeDefined()
  })

  it('lets parallel reports from one address through only up to the limit', async () => {
    const from = { address: freshAddress() }
    const statuses = await Promise.all(Array.from({ length: 9 }, () => report(from).then((r) => r.status)))
    expect(statuses.filter((s) => s === 201)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(4)
  })

  it('does not limit signed-in staff', async () => {
    const address = freshAddress()
    for (let i = 0; i < 5; i++) await reportOk({ address })
    expect((await report({ address })).status).toBe(429)
    for (let i = 0; i < 8; i++) await reportOk({ address, cookie: cookies.operator }, `热线 ${i}`)
  })

  it('holds across two server processes on one database', async () => {
    const other = await startPlatform({
      port: 0,
      host: '127.0.0.1',
      demo: true,
      liveFeed: false,
      now: TEST_NOW,
      backend: platform.backend,
      log: testLog,
      env: { LOG_LEVEL: 'silent', TRUST_PROXY: 'true', EVENT_POLL_MS: '600000' },
    })
    try {
      const from = { address: freshAddress() }
      for (const base of [platform.url, other.url, platform.url, other.url, platform.url]) {
        expect((await report(from, 'two processes', base)).status).toBe(201)
      }
      expect((await report(from, 'two processes', other.url)).status).toBe(429)
      expect((await report(from, 'two processes', platform.url)).status).toBe(429)
    } finally {
      await other.close()
    }
  })
})

describe('a wall screen shows a citizen\'s report only once an operator has filed it', () => {
  const get = async (who: keyof typeof cookies, path: string) => {
    const res = await fetch(platform.url + path, { headers: { cookie: cookies[who] } })
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    return res.json()
  }
  const file = async (id: number) => {
    const res = await fetch(`${platform.url}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.operator },
      body: JSON.stringify({ action: 'file' }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
  }
  const layerIds = async (who: keyof typeof cookies) =>
    LayerFeaturePageSchema.parse(await get(who, '/api/layers/cases/features?limit=10000')).features.map((f) => Number(f.id))
  const playbackIds = async (who: keyof typeof cookies) => {
    const to = new Date(Date.now() + 60_000).toISOString()
    const from = new Date(Date.now() - 24 * 3_600_000).toISOString()
    const p = PlaybackSchema.parse(await get(who, `/api/command/playback?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`))
    expect(p.truncated).toBe(false)
    return p.cases.map((c) => c.id)
  }
  const openCaseIds = async (who: keyof typeof cookies) =>
    CaseListSchema.parse(await get(who, '/api/cases?open=true&limit=500')).items.map((c) => c.id)
  const eventsAbout = async (who: keyof typeof cookies, since: number, id: number) =>
    EventsPageSchema.parse(await get(who, `/api/events?since=${since}&limit=5000`)).events.filter(
      (e) => (e.type === 'case.created' || e.type === 'case.updated') && e.payload.id === id,
    )
  const lastEventId = async () =>
    (await platform.backend.pool.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events')).rows[0]!.id
  const about = (events: OutboxEvent[], id: number) =>
    events.flatMap((e) => ((e.type === 'case.created' || e.type === 'case.updated') && e.payload.id === id ? [`${e.type}:${e.payload.status}`] : []))

  it('live: staff get the report at once, the wall only the filing; reads agree before and after', async () => {
    const since = await lastEventId()
    const wall = new RecordingClient(platform.url, since, cookies.display)
    const staff = new RecordingClient(platform.url, since, cookies.operator)
    clients.push(wall, staff)
    await Promise.all([wall.ready(1, WAIT_MS), staff.ready(1, WAIT_MS)])

    const id = await reportOk({ address: freshAddress() }, '市民举报：井盖缺失')
    await waitFor(() => about(staff.received, id).length === 1, WAIT_MS, "staff's case.created")
    // A case the operator enters from a hotline call is shown on the wall at once. Events arrive in
    // order, so once the wall has it, the citizen's report (committed before) would have arrived too.
    const hotline = await reportOk({ address: freshAddress(), cookie: cookies.operator }, '热线：路灯不亮')
    await waitFor(() => about(wall.received, hotline).length === 1, WAIT_MS, 'the hotline case on the wall')
    expect(about(wall.received, id)).toEqual([])

    // Every read of the wall leaves it out; staff see it.
    expect(await layerIds('display')).not.toContain(id)
    expect(await layerIds('operator')).toContain(id)
    expect(await playbackIds('display')).not.toContain(id)
    expect(await playbackIds('operator')).toContain(id)
    expect(await openCaseIds('display')).not.toContain(id)
    expect(await openCaseIds('operator')).toContain(id)
    expect(await eventsAbout('display', since, id)).toEqual([])
    expect((await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: cookies.display } })).status).toBe(403)
    const caughtUp = CaseListSchema.parse(await get('display', `/api/cases?since=${id - 1}&limit=10`))
    expect(caughtUp.items.map((i) => i.id)).not.toContain(id)
    const records = z.array(z.object({ id: z.number() })).parse(await get('display', `/api/incidents?since=${id - 1}&limit=10`))
    expect(records.map((i) => i.id)).not.toContain(id)

    await file(id)
    await waitFor(() => about(wall.received, id).length === 1, WAIT_MS, 'the filing on the wall')
    expect(about(wall.received, id)).toEqual(['case.updated:filed'])
    await waitFor(() => about(staff.received, id).length === 2, WAIT_MS, "staff's case.updated")
    expect(about(staff.received, id)).toEqual(['case.created:reported', 'case.updated:filed'])

    expect(await layerIds('display')).toContain(id)
    expect(await playbackIds('display')).toContain(id)
    expect(await openCaseIds('display')).toContain(id)
    expect(about(await eventsAbout('display', since, id), id)).toEqual(['case.updated:filed'])
    expect((await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: cookies.display } })).status).toBe(200)

    // A wall that connects later catches up on the filing, not the report.
    const late = new RecordingClient(platform.url, since, cookies.display)
    clients.push(late)
    await late.ready(1, WAIT_MS)
    await waitFor(() => about(late.received, hotline).length === 1, WAIT_MS, "the late wall's catch-up")
    expect(about(late.received, id)).toEqual(['case.updated:filed'])
  })

  it('a report cancelled without filing (注销) never reaches the wall, not even in playback', async () => {
    const since = await lastEventId()
    const id = await reportOk({ address: freshAddress() }, '市民举报：重复')
    const res = await fetch(`${platform.url}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.operator },
      body: JSON.stringify({ action: 'cancel', comment: '重复举报' }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await eventsAbout('display', since, id)).toEqual([])
    expect(await playbackIds('display')).not.toContain(id)
    expect(await playbackIds('operator')).toContain(id)
  })

  it('the seeded county: the wall\'s map is the staff map less the unfiled citizen reports', async () => {
    const unfiled = new Set(
      (
        await platform.backend.pool.query<{ id: number }>(
          `SELECT id::int AS id FROM cases WHERE source = 'citizen' AND status = 'reported'`,
        )
      ).rows.map((r) => r.id),
    )
    const staff = await layerIds('admin')
    expect(staff.filter((id) => unfiled.has(id)).length).toBeGreaterThan(0)
    expect(await layerIds('display')).toEqual(staff.filter((id) => !unfiled.has(id)))
    const layers = z.array(z.object({ id: z.string(), count: z.number() })).parse(await get('display', '/api/layers'))
    expect(layers.find((l) => l.id === 'cases')!.count).toBe(staff.length - staff.filter((id) => unfiled.has(id)).length)
    // Aggregates stay as they are: the wall's figures count every case.
    const figures = async (who: keyof typeof cookies) => {
      const { newToday, open } = CommandSummarySchema.parse(await get(who, '/api/command/summary')).cases
      return { newToday, open }
    }
    expect(await figures('display')).toEqual(await figures('admin'))
  })
})
