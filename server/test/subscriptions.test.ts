import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

let platform: Platform
let cookie: string
const clients: RecordingClient[] = []

beforeAll(async () => {
  // Citizens' reports from one address, more than an hour allows: their limit is anonymous-reports.test.ts's subject.
  platform = await startTestPlatform({ env: { ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000' } })
  cookie = await signIn(platform.url, 'operator')
})
afterAll(async () => {
  for (const c of clients) c.close()
  await platform?.close()
})

async function spaceAt(id: string): Promise<{ lng: number; lat: number; status: string }> {
  const r = await platform.backend.pool.query('SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat, status FROM parking_spaces WHERE id = $1', [id])
  return r.rows[0]
}

async function flip(spaceId: string, at: string): Promise<void> {
  const { status } = await spaceAt(spaceId)
  const res = await fetch(`${platform.url}/api/ingest/parking`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ events: [{ spaceId, status: status === 'free' ? 'occupied' : 'free', at }] }),
  })
  expect(res.status).toBe(200)
}

async function report(lng: number, lat: number): Promise<number> {
  const res = await fetch(`${platform.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ classCode: '0507', title: '乱堆物堆料', location: { type: 'Point', coordinates: [lng, lat] } }),
  })
  return ((await res.json()) as { id: number }).id
}

describe('subscriptions', () => {
  it('by layer and bbox: only parking changes inside the box arrive', async () => {
    const near = await spaceAt('NJ-P001-0005')
    const d = 0.0005
    const c = new RecordingClient(platform.url, undefined, cookie, {
      layers: ['parking'],
      bbox: [near.lng - d, near.lat - d, near.lng + d, near.lat + d],
    })
    clients.push(c)
    await c.ready(1, WAIT_MS)
    await report(near.lng, near.lat) // an incident: another layer
    await flip('NJ-P012-0001', '2026-11-24T09:00:00+08:00') // outside the box
    await flip('NJ-P001-0005', '2026-11-24T09:00:00+08:00') // inside
    await waitFor(() => c.received.length >= 1, WAIT_MS, 'the parking event')
    await new Promise((r) => setTimeout(r, 300)) // a fixed pause on purpose: nothing else may arrive meanwhile
    expect(c.received.map((e) => [e.type, (e.payload as { spaceId?: string }).spaceId])).toEqual([['space.status', 'NJ-P001-0005']])
  })

  it('can change what it receives while connected', async () => {
    const c = new RecordingClient(platform.url, undefined, cookie, { layers: ['dust-sensors'] })
    clients.push(c)
    await c.ready(1, WAIT_MS)
    const ack = await c.socket.emitWithAck('subscribe', { layers: ['cases'] })
    expect(ack).toEqual({ ok: true })
    const id = await report(106.8405, 32.3561)
    await waitFor(() => c.received.length >= 1, WAIT_MS, 'the case')
    expect(c.received[0]).toMatchObject({ type: 'case.created', payload: { id } })
    expect(await c.socket.emitWithAck('subscribe', { zoneId: 987654 })).toEqual({ ok: false, reason: 'patrol zone 987654 does not exist' })
    expect(await c.socket.emitWithAck('subscribe', { layers: ['sewers'] } as never)).toMatchObject({ ok: false })
  })

  it('still takes the old layer name incidents (deprecated) for cases', async () => {
    const c = new RecordingClient(platform.url, undefined, cookie, { layers: ['incidents'] })
    clients.push(c)
    await c.ready(1, WAIT_MS)
    await flip('NJ-P001-0006', '2026-11-24T10:00:00+08:00') // parking: not asked for
    const id = await report(106.8406, 32.3562)
    await waitFor(() => c.received.length >= 1, WAIT_MS, 'the case')
    await new Promise((r) => setTimeout(r, 300)) // a fixed pause on purpose: nothing else may arrive meanwhile
    expect(c.received.map((e) => [e.type, (e.payload as { id?: number }).id])).toEqual([['case.created', id]])
  })

  it('by patrol zone: only what happens inside the zone (holes excluded) arrives, in catch-up too', async () => {
    const zone = await platform.backend.pool.query<{ id: number }>(
      `INSERT INTO patrol_zones (name, team, color, geom)
       VALUES ('人民广场片区', '一中队', '#ff0000', ST_Multi(ST_GeomFromText(
         'POLYGON((106.835 32.350, 106.845 32.350, 106.845 32.360, 106.835 32.360, 106.835 32.350),
                  (106.839 32.354, 106.841 32.354, 106.841 32.356, 106.839 32.356, 106.839 32.354))', 4326)))
       RETURNING id`,
    )
    const last = (await platform.backend.pool.query<{ id: number }>('SELECT max(id)::int AS id FROM events')).rows[0]!.id
    const inside = await report(106.8365, 32.3525)
    await report(106.84, 32.355) // in the hole
    await report(106.85, 32.37) // outside
    const c = new RecordingClient(platform.url, last, cookie, { zoneId: zone.rows[0]!.id })
    clients.push(c)
    await c.ready(1, WAIT_MS)
    const live = await report(106.844, 32.359)
    await waitFor(() => c.received.length >= 2, WAIT_MS, 'two events in the zone')
    await new Promise((r) => setTimeout(r, 300)) // a fixed pause on purpose: nothing else may arrive meanwhile
    expect(c.received.map((e) => (e.payload as { id: number }).id)).toEqual([inside, live])
  })
})

describe('a handling department', () => {
  it('receives live events only of the cases dispatched to it', async () => {
    const operator = cookie
    const dept = await signIn(platform.url, 'dept-jiaojing')
    const c = new RecordingClient(platform.url, undefined, dept)
    clients.push(c)
    await c.ready(1, WAIT_MS)
    const act = (id: number, body: unknown) =>
      fetch(`${platform.url}/api/cases/${id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: operator },
        body: JSON.stringify(body),
      })
    const mine = await report(106.84, 32.356)
    const other = await report(106.841, 32.357)
    await act(mine, { action: 'file' })
    await act(other, { action: 'file' })
    expect((await act(other, { action: 'dispatch', department: 'zhifa' })).status).toBe(200)
    expect((await act(mine, { action: 'dispatch', department: 'jiaojing' })).status).toBe(200)
    await waitFor(() => c.received.length >= 1, WAIT_MS, 'its case')
    await new Promise((r) => setTimeout(r, 300)) // a fixed pause on purpose: the other case must NOT arrive meanwhile
    expect(c.received.map((e) => [(e.payload as { id: number }).id, (e.payload as { status: string }).status])).toEqual([[mine, 'dispatched']])
  })
})
